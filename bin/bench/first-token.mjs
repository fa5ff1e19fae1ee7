// (n) First token on screen, for `npm run bench`: in Debian's Chromium, from the click on a quick action
// (AI → Shorten on a paragraph) to the first streamed words visible in the dialog, with the test AI server answering
// after a fixed time-to-first-token and only the instant kick to run the job; next to that server's TTFT measured
// directly with the official `openai` client. Each run is split into its hops from timestamps on one clock (the
// page's performance.timeOrigin, PHP's microtime, the test server's request log): click → REST answer (enqueue),
// → claim (pickup), → request at the provider (handler start), → first partial write (provider TTFT and the write),
// → words visible (delivery to the browser).
/* global MutationObserver -- the functions given to page.evaluate() run in the page. */
import { chromium } from '@playwright/test';

const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

/** Time to the first non-empty content delta, straight from the server with the official client. */
async function directTtft( aiUrl, runs ) {
	const { default: OpenAI } = await import( 'openai' );
	const client = new OpenAI( { baseURL: aiUrl, apiKey: 'bench-key' } );
	const times = [];
	for ( let i = 0; i < runs; i++ ) {
		const started = performance.now();
		const stream = await client.chat.completions.create( {
			model: 'iacp-text-1',
			messages: [
				{
					role: 'user',
					content: `Shorten this sentence number ${ i } for the bench.`,
				},
			],
			stream: true,
		} );
		let first = null;
		for await ( const chunk of stream ) {
			if ( first === null && chunk.choices[ 0 ]?.delta?.content ) {
				first = performance.now() - started;
			}
		}
		times.push( first );
	}
	return times;
}

/** Logs in, opens a new post and waits for the editor. */
async function openEditor( page, env ) {
	await page.goto( `${ env.url }/wp-login.php` );
	await page.fill( '#user_login', env.admin.user );
	await page.fill( '#user_pass', env.admin.password );
	await Promise.all( [
		page.waitForNavigation(),
		page.click( '#wp-submit' ),
	] );
	await page.goto( `${ env.url }/wp-admin/post-new.php` );
	await page.waitForFunction( () =>
		window.wp?.data?.select( 'core/editor' )?.getCurrentPostId?.()
	);
	await page.evaluate( () => {
		window.wp.data
			.dispatch( 'core/preferences' )
			.set( 'core/edit-post', 'welcomeGuide', false );
	} );
}

/** One run in the open editor: a new paragraph, AI → Shorten, until words show; answers the page's timestamps. */
async function oneRun( page, i ) {
	await page.evaluate( ( n ) => {
		const { wp } = window;
		const block = wp.blocks.createBlock( 'core/paragraph', {
			// Two paragraphs streamed a word per 15 ms: the words arrive over seconds, as from a real model.
			content: `Bench paragraph number ${ n } that the first token measurement shortens right now. [[lines:2]]`,
		} );
		wp.data.dispatch( 'core/block-editor' ).insertBlocks( [ block ] );
		wp.data.dispatch( 'core/block-editor' ).selectBlock( block.clientId );
		// Epoch milliseconds on the page's clock: the click, the REST answer, the first visible words.
		window.iacpBench = {
			click: null,
			answered: null,
			visible: null,
			id: null,
		};
		const onClick = ( event ) => {
			if ( event.target.closest?.( '[role="menuitem"]' ) ) {
				window.iacpBench.click =
					performance.timeOrigin + performance.now();
				document.removeEventListener( 'click', onClick, true );
			}
		};
		document.addEventListener( 'click', onClick, true );
		const observer = new MutationObserver( () => {
			// Streamed words, or the result itself when the job ended before a partial was shown.
			const shown = document.querySelector(
				'.iacp-job-progress__partial, [aria-label="Result preview"]'
			);
			if ( shown && shown.textContent.trim() !== '' ) {
				window.iacpBench.visible =
					performance.timeOrigin + performance.now();
				observer.disconnect();
			}
		} );
		observer.observe( document.body, {
			childList: true,
			subtree: true,
			characterData: true,
		} );
	}, i );
	const answered = page.waitForResponse(
		( response ) =>
			response.url().includes( '/iacp/v1/jobs' ) &&
			response.request().method() === 'POST'
	);
	await page
		.getByRole( 'toolbar', { name: 'Block tools' } )
		.getByRole( 'button', { name: 'AI', exact: true } )
		.click();
	await page.getByRole( 'menuitem', { name: 'Shorten' } ).click();
	const response = await answered;
	const body = await response.json();
	await page.waitForFunction( () => window.iacpBench.visible !== null, null, {
		timeout: 60000,
	} );
	const marks = await page.evaluate( () => {
		// The POST's answer on the page's clock: the first request to …/iacp/v1/jobs after the click.
		const click = window.iacpBench.click - performance.timeOrigin;
		const post = performance
			.getEntriesByType( 'resource' )
			.find(
				( entry ) =>
					entry.startTime >= click &&
					/\/iacp\/v1\/jobs(?:[?&]|$)/.test(
						decodeURIComponent( entry.name )
					)
			);
		return {
			...window.iacpBench,
			sent: post ? performance.timeOrigin + post.startTime : null,
			answered: post ? performance.timeOrigin + post.responseEnd : null,
		};
	} );
	const dialog = page.getByRole( 'dialog', { name: 'AI: Shorten' } );
	await dialog
		.getByRole( 'button', { name: 'Insert below' } )
		.waitFor( { timeout: 60000 } );
	await page.keyboard.press( 'Escape' );
	await dialog.waitFor( { state: 'hidden' } );
	return {
		id: body.id,
		click: marks.click,
		sent: marks.sent,
		answered: marks.answered,
		visible: marks.visible,
	};
}

/**
 * Runs the measurement. `site` gives what it needs from bench.mjs: the env, an AI server started with a fixed
 * latency, benchScript(), setup() and stats().
 */
export async function measureFirstToken( {
	env,
	ai,
	ttftMs,
	runs,
	gapMs,
	benchScript,
	setup,
	stats,
	sleep,
	screenshot,
} ) {
	await setup( env, 'on', 'on' );
	await benchScript( env, 'provider', { url: ai.url, 'in-flight': 4 } );
	const direct = await directTtft( ai.url, runs );
	await ai.control( 'POST', '/__control/reset' );

	const browser = await chromium.launch( {
		executablePath: '/usr/bin/chromium',
		args: CHROMIUM_ARGS,
	} );
	const samples = [];
	const page = await browser.newPage();
	try {
		await openEditor( page, env );
		await oneRun( page, -1 ); // Warm-up: scripts, the dialog, PHP's opcache.
		for ( let i = 0; i < runs; i++ ) {
			await sleep( gapMs ); // The previous kick runner is gone: each run starts its own.
			samples.push( await oneRun( page, i ) );
		}
	} catch ( error ) {
		await page.screenshot( { path: screenshot } ).catch( () => {} );
		throw new Error( `${ error.message } (screenshot: ${ screenshot })` );
	} finally {
		await browser.close();
	}

	const server = await benchScript( env, 'status', { ids: true } );
	const requests = (
		await ai.control( 'GET', '/__control/requests' )
	).filter( ( r ) => r.path === '/v1/chat/completions' );
	const firstOf = ( kind, id ) =>
		server.trace.find( ( t ) => t.kind === kind && t.id === id )?.ms ??
		null;
	const hops = samples.map( ( s ) => {
		const rowId = server.ids[ s.id ];
		const claim = firstOf( 'claim', rowId );
		const partial = firstOf( 'partial', rowId );
		// The provider request of this run: the first that arrived after its claim.
		const request =
			requests
				.map( ( r ) => Date.parse( r.time ) )
				.filter( ( t ) => claim !== null && t >= claim - 5 )
				.sort( ( a, b ) => a - b )[ 0 ] ?? null;
		return {
			total: s.visible - s.click,
			enqueue: s.answered === null ? null : s.answered - s.click,
			// Of which: the page, from the click to sending POST /jobs; then that request until its answer.
			click_to_request: s.sent === null ? null : s.sent - s.click,
			rest_request:
				s.sent === null || s.answered === null
					? null
					: s.answered - s.sent,
			pickup:
				claim === null || s.answered === null
					? null
					: claim - s.answered,
			handler_to_provider:
				claim === null || request === null ? null : request - claim,
			provider_to_partial_write:
				request === null || partial === null ? null : partial - request,
			delivery: partial === null ? null : s.visible - partial,
		};
	} );
	const directStats = stats( direct.filter( ( t ) => t !== null ) );
	const overhead = stats( hops.map( ( h ) => h.total - directStats.p50 ) );
	const hopStats = Object.fromEntries(
		[
			'enqueue',
			'click_to_request',
			'rest_request',
			'pickup',
			'handler_to_provider',
			'provider_to_partial_write',
			'delivery',
			'total',
		].map( ( key ) => [
			key,
			stats(
				hops.map( ( h ) => h[ key ] ).filter( ( v ) => v !== null )
			),
		] )
	);
	await setup( env, 'off' );
	return {
		ttft_ms: ttftMs,
		direct_ms: direct,
		direct: directStats,
		overhead,
		hops: hopStats,
		samples: hops,
	};
}
