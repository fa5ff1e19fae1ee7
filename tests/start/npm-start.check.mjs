#!/usr/bin/env node
// Checks `npm start` end to end, so it cannot silently rot: starts it as a user would (own process group, own
// ports, own site folder) without the WordPress 7.1 archive, so it falls back to 6.5.5 and says why; checks the site,
// the REST API, the admin login and that the plugin is active, creates a post, stops with Ctrl-C (SIGINT to the
// group), checks nothing is left running, starts again with the archive: the same site now runs 7.1 (core updated,
// database upgraded, the post still there, a demo job completes), Playground runs on Node >= 24.18, and it stops
// with SIGTERM to npm alone. Prints `ok - …` / `not ok - …` lines and `N passed, N failed`.
//
// Run: node tests/start/npm-start.check.mjs   (exit 0 when everything passed)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'../..'
);
const { stopLeftovers, AI_SERVER_ENTRY } = await import(
	path.join( ROOT, 'bin/lib/playground.mjs' )
);
const { portIsFree, sleep } = await import(
	path.join( ROOT, 'bin/lib/process.mjs' )
);
const { port } = await import( path.join( ROOT, 'bin/lib/paths.mjs' ) );
const { newestCoreMissing, wpArchivePath } = await import(
	path.join( ROOT, 'bin/lib/core.mjs' )
);
const { requiredNode, versionAtLeast } = await import(
	path.join( ROOT, 'bin/lib/node.mjs' )
);

const PORT = port( 8898 );
const AI_PORT = port( 8198 );
const SITE_DIR = '.iacp-env/playground-check';
const ENV = {
	...process.env,
	IACP_PORT: String( PORT ),
	IACP_AI_PORT: String( AI_PORT ),
	IACP_PLAYGROUND_DIR: SITE_DIR,
};
// The first start has no WordPress 7.1 archive (a path that does not exist), the second the real one.
const NO_ARCHIVE = path.join( ROOT, SITE_DIR, 'no-wordpress-7.1.0.tar.gz' );
const FIRST_START_TIMEOUT = 5 * 60 * 1000;
const RESTART_TIMEOUT = 3 * 60 * 1000;
const STOP_TIMEOUT = 30 * 1000;
const AI_EXPECTED = fs.existsSync( AI_SERVER_ENTRY );

let passed = 0;
let failed = 0;
const started = []; // every npm start child, for the final cleanup
const seenPids = new Set(); // every process seen under them

function check( name, condition, detail = '' ) {
	if ( condition ) {
		passed++;
		process.stdout.write( `ok - ${ name }\n` );
	} else {
		failed++;
		process.stdout.write(
			`not ok - ${ name }${ detail ? ` (${ detail })` : '' }\n`
		);
	}
	return condition;
}

function note( message ) {
	process.stdout.write( `# ${ message }\n` );
}

function isAlive( pid ) {
	try {
		process.kill( pid, 0 );
		return true;
	} catch {
		return false;
	}
}

/** All live descendants of a pid, from /proc. */
function descendants( rootPid ) {
	const children = new Map();
	for ( const entry of fs.readdirSync( '/proc' ) ) {
		if ( ! /^\d+$/.test( entry ) ) {
			continue;
		}
		try {
			const stat = fs.readFileSync( `/proc/${ entry }/stat`, 'utf8' );
			const ppid = Number(
				stat.slice( stat.lastIndexOf( ')' ) + 2 ).split( ' ' )[ 1 ]
			);
			children.set( ppid, [
				...( children.get( ppid ) ?? [] ),
				Number( entry ),
			] );
		} catch {}
	}
	const found = [];
	const queue = [ rootPid ];
	while ( queue.length > 0 ) {
		for ( const child of children.get( queue.shift() ) ?? [] ) {
			found.push( child );
			queue.push( child );
		}
	}
	return found;
}

/** Spawns `npm start` in its own process group; resolves when it prints its banner. */
function npmStart( timeoutMs, env = ENV ) {
	const startedAt = Date.now();
	const child = spawn( 'npm', [ 'start' ], {
		cwd: ROOT,
		env,
		detached: true,
		stdio: [ 'ignore', 'pipe', 'pipe' ],
	} );
	started.push( child );
	let output = '';
	child.stdout.on( 'data', ( data ) => ( output += data ) );
	child.stderr.on( 'data', ( data ) => ( output += data ) );
	const exited = new Promise( ( resolve ) =>
		child.once( 'exit', ( code, signal ) => resolve( { code, signal } ) )
	);
	const ready = new Promise( ( resolve, reject ) => {
		const timer = setTimeout(
			() =>
				reject(
					new Error( `no banner within ${ timeoutMs / 1000 } s` )
				),
			timeoutMs
		);
		const poll = setInterval( () => {
			const match = /WordPress is ready \([^)]*\): (\S+)/.exec( output );
			if ( match && output.includes( 'Press Ctrl-C to stop.' ) ) {
				clearTimeout( timer );
				clearInterval( poll );
				resolve( {
					adminUrl: match[ 1 ],
					seconds: ( Date.now() - startedAt ) / 1000,
				} );
			}
		}, 100 );
		exited.then( ( { code, signal } ) => {
			clearTimeout( timer );
			clearInterval( poll );
			reject(
				new Error(
					`npm start exited (${ signal ?? code }) before it was ready`
				)
			);
		} );
	} );
	return { child, exited, ready, output: () => output };
}

function lastLines( text, count = 80 ) {
	return text
		.trimEnd()
		.split( '\n' )
		.slice( -count )
		.map( ( line ) => `#   ${ line }` )
		.join( '\n' );
}

/** Stops a run (SIGINT to its group like Ctrl-C in a terminal, or SIGTERM to npm alone) and checks nothing is left. */
async function stopAndCheck( run, how ) {
	const pids = descendants( run.child.pid );
	pids.forEach( ( pid ) => seenPids.add( pid ) );
	const stoppedAt = Date.now();
	if ( how === 'SIGINT to the process group' ) {
		process.kill( -run.child.pid, 'SIGINT' );
	} else {
		process.kill( run.child.pid, 'SIGTERM' );
	}
	const deadline = Date.now() + STOP_TIMEOUT;
	let left = [ run.child.pid, ...pids ].filter( isAlive );
	while ( left.length > 0 && Date.now() < deadline ) {
		await sleep( 200 );
		left = left.filter( isAlive );
	}
	check(
		`${ how }: npm start and all ${ pids.length } processes under it exit`,
		left.length === 0,
		`still running: ${ left.join( ' ' ) }`
	);
	note(
		`stopped in ${ ( ( Date.now() - stoppedAt ) / 1000 ).toFixed( 1 ) } s`
	);
	check( `${ how }: port ${ PORT } is free again`, await portIsFree( PORT ) );
	check(
		`${ how }: port ${ AI_PORT } is free again`,
		await portIsFree( AI_PORT )
	);
}

/** The WordPress version the front page's generator tag names. */
async function servedVersion( base ) {
	const html = await ( await request( `${ base }/` ) ).text();
	return (
		/<meta name="generator" content="WordPress ([^"]+)"/.exec(
			html
		)?.[ 1 ] ?? 'none'
	);
}

/** The Node version the Playground process (a descendant of npm start) runs on, from /proc/<pid>/exe. */
function playgroundNodeVersion( run ) {
	for ( const pid of descendants( run.child.pid ) ) {
		let cmdline = '';
		try {
			cmdline = fs.readFileSync( `/proc/${ pid }/cmdline`, 'utf8' );
		} catch {}
		if ( cmdline.includes( 'wp-playground' ) ) {
			const exe = fs.realpathSync( `/proc/${ pid }/exe` );
			return spawnSync( exe, [ '-p', 'process.versions.node' ], {
				encoding: 'utf8',
			} ).stdout.trim();
		}
	}
	return 'no Playground process found';
}

function cookieHeader( jar ) {
	return Object.entries( jar )
		.map( ( [ name, value ] ) => `${ name }=${ value }` )
		.join( '; ' );
}

function keepCookies( jar, response ) {
	for ( const cookie of response.headers.getSetCookie() ) {
		const [ pair ] = cookie.split( ';' );
		const index = pair.indexOf( '=' );
		jar[ pair.slice( 0, index ) ] = pair.slice( index + 1 );
	}
}

async function request( url, options = {} ) {
	return fetch( url, {
		redirect: 'manual',
		signal: AbortSignal.timeout( 60000 ),
		...options,
	} );
}

/** Logs in through wp-login.php; returns the cookie jar, or null. */
async function logIn( base, when = '' ) {
	const jar = { wordpress_test_cookie: 'WP%20Cookie%20check' };
	const response = await request( `${ base }/wp-login.php`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/x-www-form-urlencoded',
			Cookie: cookieHeader( jar ),
		},
		body: new URLSearchParams( {
			log: 'admin',
			pwd: 'password',
			rememberme: 'forever',
			'wp-submit': 'Log In',
			redirect_to: `${ base }/wp-admin/`,
			testcookie: '1',
		} ),
	} );
	await response.arrayBuffer();
	keepCookies( jar, response );
	const loggedIn =
		response.status === 302 &&
		/\/wp-admin\/?$/.test( response.headers.get( 'location' ) ?? '' ) &&
		Object.keys( jar ).some( ( name ) =>
			name.startsWith( 'wordpress_logged_in_' )
		);
	check(
		`admin / password logs in${ when } (302 to wp-admin with a logged-in cookie)`,
		loggedIn,
		`status ${ response.status }, location ${ response.headers.get( 'location' ) }`
	);
	return loggedIn ? jar : null;
}

async function checkRunningSite( run, base ) {
	check(
		'the banner prints user admin and password password',
		/user: admin\b/.test( run.output() ) &&
			/password: password\b/.test( run.output() )
	);

	const front = await request( `${ base }/` );
	const html = await front.text();
	check(
		'front page answers 200 with the site HTML',
		front.status === 200 &&
			/<html[\s>]/i.test( html ) &&
			html.includes( 'wp-content/themes/' ),
		`status ${ front.status }`
	);

	const index = await request( `${ base }/wp-json/` );
	let namespaces = [];
	try {
		namespaces = ( await index.json() ).namespaces ?? [];
	} catch {}
	check(
		'/wp-json/ answers 200 with namespaces',
		index.status === 200 && namespaces.includes( 'wp/v2' ),
		`status ${ index.status }`
	);

	if ( AI_EXPECTED ) {
		check(
			'the banner labels the local test AI endpoint',
			run
				.output()
				.includes(
					`local test AI endpoint (not a real AI): http://127.0.0.1:${ AI_PORT }/v1`
				)
		);
		check(
			`the local test AI server listens on ${ AI_PORT }`,
			! ( await portIsFree( AI_PORT ) )
		);
		const muPlugin = path.join(
			ROOT,
			SITE_DIR,
			'wordpress/wp-content/mu-plugins/iacp-demo.php'
		);
		const text = fs.existsSync( muPlugin )
			? fs.readFileSync( muPlugin, 'utf8' )
			: '';
		check(
			'the demo mu-plugin defines IACP_DEMO_AI_BASE_URL',
			text.includes(
				`define( 'IACP_DEMO_AI_BASE_URL', 'http://127.0.0.1:${ AI_PORT }/v1' )`
			)
		);
	} else {
		check(
			'the missing AI server is skipped with a clear line',
			run.output().includes( 'not starting the local test AI server' )
		);
	}

	const jar = await logIn( base );
	if ( ! jar ) {
		return null;
	}
	const plugins = await request( `${ base }/wp-admin/plugins.php`, {
		headers: { Cookie: cookieHeader( jar ) },
	} );
	const page = await plugins.text();
	const row = /<tr class="([^"]*)"[^>]*data-plugin="iacp\/plugin\.php"/.exec(
		page
	);
	check(
		'the plugin iacp/plugin.php is active on wp-admin/plugins.php',
		plugins.status === 200 &&
			row !== null &&
			/(^|\s)active(\s|$)/.test( row[ 1 ] ) &&
			/action=deactivate&(amp;)?plugin=iacp%2Fplugin\.php/.test( page ),
		`status ${ plugins.status }, row class ${ row?.[ 1 ] ?? 'no row' }`
	);
	await checkDemoJob( base, jar );
	return jar;
}

/** The demo does what it is for: a text job started from the REST API completes against the local test AI server. */
async function checkDemoJob( base, jar ) {
	const headers = { Cookie: cookieHeader( jar ) };
	const editor = await (
		await request( `${ base }/wp-admin/post-new.php`, { headers } )
	).text();
	const nonce = /createNonceMiddleware\(\s*"([0-9a-f]+)"\s*\)/.exec(
		editor
	)?.[ 1 ];
	const settingsPage = await (
		await request(
			`${ base }/wp-admin/options-general.php?page=iacp-settings`,
			{ headers }
		)
	).text();
	check(
		'the settings screen is told which endpoint is the local test AI server',
		settingsPage.includes(
			`"demoAiUrl":"http:\\/\\/127.0.0.1:${ AI_PORT }\\/v1"`
		)
	);
	if ( ! nonce ) {
		check( 'the editor page carries a REST nonce', false );
		return;
	}
	const api = {
		...headers,
		'X-WP-Nonce': nonce,
		'Content-Type': 'application/json',
	};
	const queued = await request( `${ base }/wp-json/iacp/v1/jobs`, {
		method: 'POST',
		headers: api,
		body: JSON.stringify( {
			type: 'text',
			input: { mode: 'generate', prompt: 'Two lines about kites' },
		} ),
	} );
	const job = await queued.json();
	let status = job.status;
	let text = '';
	const deadline = Date.now() + 60_000;
	while (
		queued.status === 202 &&
		! [ 'completed', 'failed', 'cancelled', 'expired' ].includes(
			status
		) &&
		Date.now() < deadline
	) {
		await sleep( 1000 );
		const current = await (
			await request( `${ base }/wp-json/iacp/v1/jobs/${ job.id }`, {
				headers: api,
			} )
		).json();
		status = current.status;
		text = current.result?.text ?? '';
	}
	check(
		'a text job on the demo completes against the local test AI server',
		status === 'completed' && text.startsWith( '"Two lines about kites"' ),
		`HTTP ${ queued.status }, status ${ status }`
	);
}

async function createPost( base, jar ) {
	const nonceResponse = await request(
		`${ base }/wp-admin/admin-ajax.php?action=rest-nonce`,
		{ headers: { Cookie: cookieHeader( jar ) } }
	);
	const nonce = ( await nonceResponse.text() ).trim();
	const title = `npm start persistence check ${ Date.now() }`;
	const response = await request( `${ base }/wp-json/wp/v2/posts`, {
		method: 'POST',
		headers: {
			'Content-Type': 'application/json',
			'X-WP-Nonce': nonce,
			Cookie: cookieHeader( jar ),
		},
		body: JSON.stringify( {
			title,
			status: 'publish',
			content: 'Written by tests/start/npm-start.check.mjs.',
		} ),
	} );
	const body = await response.json().catch( () => ( {} ) );
	check(
		'a post is created over REST as admin',
		response.status === 201 && Number.isInteger( body.id ),
		`status ${ response.status }`
	);
	return response.status === 201 ? { id: body.id, title } : null;
}

async function cleanup() {
	for ( const child of started ) {
		try {
			process.kill( -child.pid, 'SIGTERM' );
		} catch {}
	}
	await sleep( 3000 );
	for ( const pid of [
		...seenPids,
		...started.map( ( child ) => child.pid ),
	] ) {
		if ( isAlive( pid ) ) {
			try {
				process.kill( pid, 'SIGKILL' );
			} catch {}
		}
	}
	await stopLeftovers( path.join( ROOT, SITE_DIR ) );
}

function finish() {
	process.stdout.write( `${ passed } passed, ${ failed } failed\n` );
	process.exit( failed === 0 && passed > 0 ? 0 : 1 );
}

const watchdog = setTimeout(
	async () => {
		check( 'the whole check finishes within 12 minutes', false );
		await cleanup();
		finish();
	},
	12 * 60 * 1000
);
for ( const signal of [ 'SIGINT', 'SIGTERM' ] ) {
	process.on( signal, async () => {
		check( `the check was not interrupted (${ signal })`, false );
		await cleanup();
		finish();
	} );
}

try {
	// A fresh site folder, so the first start exercises the install; stop what a killed earlier check left behind.
	await stopLeftovers( path.join( ROOT, SITE_DIR ) );
	// Logs are kept (appended, one header per start) so a failure stays explainable after the next run.
	const siteDir = path.join( ROOT, SITE_DIR );
	fs.mkdirSync( siteDir, { recursive: true } );
	for ( const entry of fs.readdirSync( siteDir ) ) {
		if ( entry !== 'logs' ) {
			fs.rmSync( path.join( siteDir, entry ), {
				recursive: true,
				force: true,
			} );
		}
	}
	for ( const wanted of [ PORT, AI_PORT ] ) {
		if (
			! check(
				`port ${ wanted } is free before the check`,
				await portIsFree( wanted )
			)
		) {
			throw new Error(
				`port ${ wanted } is taken by something else; free it and run again`
			);
		}
	}

	// First start, without the WordPress 7.1 archive: the demo runs 6.5.5 from the npm builds and says why.
	const first = npmStart( FIRST_START_TIMEOUT, {
		...ENV,
		IACP_WP_ARCHIVE: NO_ARCHIVE,
	} );
	let ready;
	try {
		ready = await first.ready;
	} catch ( error ) {
		check( 'npm start gets ready', false, error.message );
		note( `npm start output:\n${ lastLines( first.output() ) }` );
		throw error;
	}
	check(
		'npm start gets ready and prints the admin URL',
		ready.adminUrl === `http://127.0.0.1:${ PORT }/wp-admin/`,
		ready.adminUrl
	);
	note( `first start (new site): ${ ready.seconds.toFixed( 1 ) } s` );
	const base = `http://127.0.0.1:${ PORT }`;
	check(
		'without the 7.1 archive the banner says 6.5.5 comes from the npm builds, and why',
		first
			.output()
			.includes(
				`WordPress 6.5.5, from the npm builds, because WordPress 7.1.0 is missing: no archive at ${ NO_ARCHIVE }`
			)
	);
	check(
		'the site serves WordPress 6.5.5',
		( await servedVersion( base ) ) === '6.5.5'
	);
	const jar = await checkRunningSite( first, base );
	const post = jar ? await createPost( base, jar ) : null;

	// A second start on the same ports must refuse clearly, and leave the running one alone.
	const clash = spawn( process.execPath, [ 'bin/start.mjs' ], {
		cwd: ROOT,
		env: ENV,
		stdio: [ 'ignore', 'pipe', 'pipe' ],
	} );
	let clashOutput = '';
	clash.stdout.on( 'data', ( data ) => ( clashOutput += data ) );
	clash.stderr.on( 'data', ( data ) => ( clashOutput += data ) );
	const clashExit = await Promise.race( [
		new Promise( ( resolve ) => clash.once( 'exit', resolve ) ),
		sleep( 60000 ).then( () => 'timeout' ),
	] );
	if ( clashExit === 'timeout' ) {
		clash.kill( 'SIGTERM' );
	}
	check(
		'a second start on a taken port exits non-zero and says the port is in use',
		typeof clashExit === 'number' &&
			clashExit !== 0 &&
			/port \d+ .*already in use/.test( clashOutput ),
		`exit ${ clashExit }: ${ clashOutput.trim().split( '\n' ).pop() }`
	);
	check(
		'the running site still answers after the refused start',
		( await request( `${ base }/wp-login.php` ) ).status === 200
	);

	await stopAndCheck( first, 'SIGINT to the process group' );

	// Second start: the same site folder, now with the 7.1 archive (where npm test looks for it by default).
	const second = npmStart( RESTART_TIMEOUT );
	try {
		ready = await second.ready;
	} catch ( error ) {
		check( 'npm start gets ready again', false, error.message );
		note( `npm start output:\n${ lastLines( second.output() ) }` );
		throw error;
	}
	check(
		'npm start gets ready again within 90 s (core update and database upgrade included)',
		ready.seconds < 90,
		`${ ready.seconds.toFixed( 1 ) } s`
	);
	note( `restart onto 7.1: ${ ready.seconds.toFixed( 1 ) } s` );
	check(
		'the restart reuses the site (no new site created)',
		! second.output().includes( 'creating the demo site' )
	);
	check(
		'the banner says WordPress 7.1.0 comes from its release archive',
		! newestCoreMissing() &&
			second
				.output()
				.includes(
					`WordPress 7.1.0, from its release archive (${ wpArchivePath() })`
				),
		newestCoreMissing() ?? ''
	);
	check(
		'the banner says the site was updated from 6.5.5',
		second.output().includes( 'updated from WordPress 6.5.5' )
	);
	check(
		'the site serves WordPress 7.1',
		( await servedVersion( base ) ) === '7.1'
	);
	if ( post ) {
		const response = await request(
			`${ base }/wp-json/wp/v2/posts/${ post.id }`
		);
		const body = await response.json().catch( () => ( {} ) );
		check(
			'the post created on 6.5.5 is still there on 7.1',
			response.status === 200 && body.title?.rendered === post.title,
			`status ${ response.status }`
		);
	} else {
		check(
			'the post created on 6.5.5 is still there on 7.1',
			false,
			'no post was created'
		);
	}
	const nodeVersion = playgroundNodeVersion( second );
	check(
		`Playground runs on Node >= ${ requiredNode() }`,
		/^\d/.test( nodeVersion ) &&
			versionAtLeast( nodeVersion, requiredNode() ),
		nodeVersion
	);
	const jarOnNewest = await checkRunningSite( second, base );
	if ( jarOnNewest ) {
		const dashboard = await request( `${ base }/wp-admin/`, {
			headers: { Cookie: cookieHeader( jarOnNewest ) },
		} );
		const html = await dashboard.text();
		check(
			'the database was upgraded: wp-admin opens (no "Database Update Required")',
			dashboard.status === 200 &&
				! html.includes( 'Database Update Required' ),
			`status ${ dashboard.status }, location ${ dashboard.headers.get( 'location' ) }`
		);
	}
	await stopAndCheck( second, 'SIGTERM to npm' );
} catch ( error ) {
	note( `stopped early: ${ error.message }` );
	if ( passed + failed === 0 || failed === 0 ) {
		check( 'the check ran to the end', false, error.message );
	}
} finally {
	clearTimeout( watchdog );
	await cleanup();
}
finish();
