/**
 * WordPress 7.0+: Settings offers the provider source, and with "WordPress AI connectors" (our OpenAI-compatible
 * endpoint connector, pointed at the test AI server) a text job and an image job started in the editor complete
 * through the core AI client. Before 7.0 the choice does not show.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import {
	addBlock,
	blockAttributes,
	chooseAiAction,
	expect,
	openNewPost,
	test,
	uniqueKey,
} from '../support/iacp';

test.describe.configure( { timeout: 180_000 } );

const AI_URL = process.env.IACP_AI_URL ?? 'http://127.0.0.1:8191/v1';

/** Runs what a test checks on this site's WordPress: before 7.0 (no AI client) or from 7.0 on. */
async function onWordPress(
	version: string,
	checks: { before7: () => Promise< void >; from7: () => Promise< void > }
): Promise< void > {
	await ( Number.parseInt( version, 10 ) >= 7
		? checks.from7()
		: checks.before7() );
}

/** The test AI server's log of requests whose prompt contains $marker. */
async function aiRequests(
	marker: string
): Promise< Array< { path: string; stream: boolean; status: number } > > {
	const response = await fetch(
		AI_URL.replace( /\/v1$/, '' ) + '/__control/requests'
	);
	const log = ( await response.json() ) as Array< {
		path: string;
		stream: boolean;
		status: number;
		prompt: string | null;
	} >;
	return log.filter( ( entry ) => ( entry.prompt ?? '' ).includes( marker ) );
}

test( 'the provider source shows only where WordPress has AI connectors', async ( {
	page,
	site,
} ) => {
	await page.goto( '/wp-admin/options-general.php?page=iacp-settings' );
	await expect(
		page.getByRole( 'heading', { name: 'AI Content Pipeline', level: 1 } )
	).toBeVisible();
	await expect(
		page.getByRole( 'heading', { name: 'Provider', exact: true } )
	).toBeVisible();
	const source = page.getByRole( 'heading', { name: 'Provider source' } );
	const connectors = page.getByRole( 'radio', {
		name: 'WordPress AI connectors',
	} );
	await onWordPress( site.wp_version, {
		before7: async () => {
			await expect( source ).toHaveCount( 0 );
			await expect( connectors ).toHaveCount( 0 );
		},
		from7: async () => {
			await expect( source ).toBeVisible();
			await expect( connectors ).toBeVisible();
			await expect(
				page.getByRole( 'radio', {
					name: 'OpenAI-compatible endpoint',
				} )
			).toBeChecked();
		},
	} );
} );

test( 'with the connectors as source, editor jobs complete through the core AI client', async ( {
	page,
	api,
	site,
	consoleErrors,
} ) => {
	await onWordPress( site.wp_version, {
		// No AI client before 7.0: the source cannot be chosen (the test above shows it is not offered).
		before7: async () => {
			const settings = await (
				await api.get( 'wp-json/iacp/v1/settings' )
			).json();
			expect( settings.ai_client ).toBe( false );
		},
		from7: () => connectorJobs( page, api, consoleErrors ),
	} );
} );

/** Runs $during with the connectors as the site's provider source, and the endpoint again afterwards. */
async function withConnectors(
	api: APIRequestContext,
	during: () => Promise< void >
): Promise< void > {
	const on = await api.post( 'wp-json/iacp/v1/settings', {
		data: { provider_source: 'connectors' },
	} );
	expect( ( await on.json() ).provider_source_in_force ).toBe( 'connectors' );
	try {
		await during();
	} finally {
		await api.post( 'wp-json/iacp/v1/settings', {
			data: { provider_source: 'endpoint' },
		} );
	}
}

async function connectorJobs(
	page: Page,
	api: APIRequestContext,
	consoleErrors: string[]
): Promise< void > {
	// The address first: core checks a connector key on save (GET /models) and drops a key that does not work.
	// The source stays "endpoint" except while this test's own jobs run: other specs run jobs on this site meanwhile.
	const saved = await api.post( 'wp-json/iacp/v1/settings', {
		data: {
			connector_base_url: AI_URL,
			provider_source: 'endpoint',
			connector_text_model: 'iacp-openai-compatible/iacp-text-1',
			connector_image_model: 'iacp-openai-compatible/iacp-image-1',
		},
	} );
	try {
		expect( saved.status() ).toBe( 200 );
		const key = await api.post( 'wp-json/wp/v2/settings', {
			data: { connectors_ai_iacp_openai_compatible_api_key: 'test-key' },
		} );
		expect( key.status() ).toBe( 200 );
		// Kept (and masked in the answer, as core does for every connector key).
		expect(
			( await key.json() ).connectors_ai_iacp_openai_compatible_api_key
		).toMatch( /^•+-key$/ );
		const settings = await (
			await api.get( 'wp-json/iacp/v1/settings' )
		).json();
		expect(
			settings.connector_models.text.map(
				( model: { value: string } ) => model.value
			)
		).toContain( 'iacp-openai-compatible/iacp-text-1' );

		// Text.
		const marker = uniqueKey( 'through-the-connector' );
		await openNewPost( page );
		await addBlock( page, 'core/paragraph', {
			content: `Rewrite ${ marker } through the core client.`,
		} );
		const dialog = page.getByRole( 'dialog', { name: 'AI: Rewrite' } );
		await withConnectors( api, async () => {
			await chooseAiAction( page, 'Rewrite' );
			await expect(
				dialog.getByRole( 'button', { name: 'Insert below' } )
			).toBeVisible( { timeout: 120_000 } );
		} );
		await expect(
			dialog.getByRole( 'region', { name: 'Result preview' } )
		).not.toBeEmpty();
		const chats = await aiRequests( marker );
		expect( chats.map( ( r ) => [ r.path, r.stream, r.status ] ) ).toEqual(
			[ [ '/v1/chat/completions', false, 200 ] ]
		);
		await dialog.getByRole( 'button', { name: 'Close' } ).first().click();

		// Image.
		const clientId = await addBlock( page, 'core/image' );
		await page
			.getByRole( 'toolbar', { name: 'Block tools' } )
			.getByRole( 'button', { name: 'AI image' } )
			.click();
		const imageDialog = page.getByRole( 'dialog', {
			name: 'AI: Generate image',
		} );
		const imageMarker = uniqueKey( 'connector-kite' );
		await imageDialog
			.getByRole( 'textbox', { name: 'Describe the image' } )
			.fill( `A kite ${ imageMarker }` );
		await withConnectors( api, async () => {
			await imageDialog
				.getByRole( 'button', { name: 'Generate' } )
				.click();
			await expect(
				imageDialog.getByRole( 'img', { name: 'Generated image 1' } )
			).toBeVisible( { timeout: 150_000 } );
		} );
		await imageDialog
			.getByRole( 'button', { name: 'Use this image' } )
			.click();
		await expect
			.poll( async () => ( await blockAttributes( page, clientId ) ).id, {
				timeout: 150_000,
			} )
			.toEqual( expect.any( Number ) );
		const images = await aiRequests( imageMarker );
		expect( images.map( ( r ) => [ r.path, r.status ] ) ).toEqual( [
			[ '/v1/images/generations', 200 ],
		] );
		expect( consoleErrors ).toEqual( [] );
	} finally {
		await api.post( 'wp-json/iacp/v1/settings', {
			data: {
				connector_base_url: '',
				provider_source: '',
				connector_text_model: '',
				connector_image_model: '',
			},
		} );
		await api.post( 'wp-json/wp/v2/settings', {
			data: { connectors_ai_iacp_openai_compatible_api_key: '' },
		} );
	}
}
