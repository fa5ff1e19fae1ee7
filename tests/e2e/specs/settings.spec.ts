/**
 * Settings → AI Content Pipeline saves a key without ever echoing it.
 */
import {
	expect,
	expectAccessible,
	screenshot,
	test,
	uniqueKey,
} from '../support/iacp';

test( 'the API key is saved but never sent back or shown', async ( {
	page,
	api,
}, testInfo ) => {
	const marker = uniqueKey( 'iacp-secret-marker' );
	const bodies: string[] = [];
	page.on( 'response', async ( response ) => {
		try {
			bodies.push( await response.text() );
		} catch {
			// Redirects and aborted requests have no body.
		}
	} );

	try {
		await page.goto( '/wp-admin/options-general.php?page=iacp-settings' );
		await expect(
			page.getByRole( 'heading', {
				name: 'AI Content Pipeline',
				level: 1,
			} )
		).toBeVisible();
		const key = page.getByLabel( 'API key' );
		await expect( key ).toHaveValue( '' );
		await expectAccessible( page, [ '#iacp-admin-root' ] );
		await screenshot( page, testInfo, 'settings' );

		await key.fill( marker );
		await page.getByRole( 'button', { name: 'Save settings' } ).click();
		await expect(
			page.getByText( 'Settings saved.' ).first()
		).toBeVisible();
		await expect( key ).toHaveValue( '' );

		await page.reload();
		await expect( page.getByText( 'A key is set.' ) ).toBeVisible();
		await expect( page.getByLabel( 'API key' ) ).toHaveValue( '' );
		expect( await page.content() ).not.toContain( marker );
		expect( bodies.filter( ( body ) => body.includes( marker ) ) ).toEqual(
			[]
		);
	} finally {
		// Later specs need the test AI server's key back.
		await api.post( 'wp-json/iacp/v1/settings', {
			data: { api_key: 'test-key' },
		} );
	}
} );

test( 'a daily token budget can be set for each role of the site', async ( {
	page,
	api,
} ) => {
	await page.goto( '/wp-admin/options-general.php?page=iacp-settings' );
	const author = page.getByLabel( 'Tokens per day: Author' );
	await expect( author ).toHaveValue( '0' );
	await expect(
		page.getByLabel( 'Tokens per day: Subscriber' )
	).toBeVisible();

	try {
		await author.fill( '5000' );
		await page.getByRole( 'button', { name: 'Save settings' } ).click();
		await expect(
			page.getByText( 'Settings saved.' ).first()
		).toBeVisible();

		const saved = await (
			await api.get( 'wp-json/iacp/v1/settings' )
		).json();
		expect( saved.daily_token_budgets ).toEqual( { author: 5000 } );
	} finally {
		await api.post( 'wp-json/iacp/v1/settings', {
			data: { daily_token_budgets: {} },
		} );
	}
} );
