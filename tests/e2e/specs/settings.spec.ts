/**
 * Settings → AI Content Pipeline saves a key without ever echoing it, offers the provider's models, tests the
 * connection in words, and lays every group out the same way: a title, one line on what it does, one grid.
 */
import {
	expect,
	expectAccessible,
	screenshot,
	test,
	uniqueKey,
} from '../support/iacp';

// Each test loads the whole screen and runs axe on it: more than the default minute on a busy machine.
test.describe.configure( { timeout: 120_000 } );

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

test( 'the model fields offer what the provider lists, and Test connection says what it tried', async ( {
	page,
} ) => {
	await page.goto( '/wp-admin/options-general.php?page=iacp-settings' );
	const textModel = page.getByRole( 'combobox', { name: 'Text model' } );
	await expect( textModel ).toHaveAttribute(
		'list',
		'iacp-text-model-models'
	);
	// The test AI server lists its four models; free entry stays.
	await expect(
		page.locator( '#iacp-text-model-models option' )
	).toHaveCount( 4 );
	await expect(
		page.locator( '#iacp-image-model-models option[value="iacp-image-1"]' )
	).toHaveCount( 1 );
	// Alt text jobs use the vision model; empty means the text model.
	await expect(
		page.getByRole( 'combobox', {
			name: 'Vision model (alt text; empty: as for text jobs)',
		} )
	).toHaveValue( '' );
	await expect(
		page.locator(
			'#iacp-vision-model-models option[value="iacp-vision-1"]'
		)
	).toHaveCount( 1 );
	await expect(
		page
			.getByText( 'Choose one of the 4 models the provider lists' )
			.first()
	).toBeVisible();
	await textModel.fill( 'a-model-it-does-not-list' );
	await expect( textModel ).toHaveValue( 'a-model-it-does-not-list' );
	await expect(
		page.getByText(
			'How long a job waits for the AI provider to connect and to answer'
		)
	).toBeVisible();

	await page.getByRole( 'button', { name: 'Test connection' } ).click();
	await expect(
		page.getByText(
			/^Tried GET http:\/\/127\.0\.0\.1:\d+\/v1\/models with the saved API key: the provider answered HTTP 200 in \d+ ms\.$/
		)
	).toBeVisible();
	await expectAccessible( page, [ '#iacp-admin-root' ] );
} );

test( 'every settings group says what it does in one line, and all fields line up in one grid', async ( {
	page,
	site,
	consoleErrors,
} ) => {
	await page.goto( '/wp-admin/options-general.php?page=iacp-settings' );
	// WordPress 7.0+ (the core AI client) adds the provider source, a group like the others.
	const providerSource = Number.parseInt( site.wp_version, 10 ) >= 7;
	const names = [
		'Provider source',
		'Provider',
		'Timeouts',
		'Retries and queue',
		'Retention',
		'Limits',
		'Daily token budgets per role',
	].filter( ( name ) => providerSource || name !== 'Provider source' );
	for ( const name of names ) {
		const group = page.getByRole( 'region', { name, exact: true } );
		await expect( group ).toBeVisible();
		await expect( group ).toHaveAccessibleDescription( /^\S.{20,}$/ );
	}

	// Every field that is not a whole row is one column wide, and every group's grid starts at the same edge.
	const grids = await page
		.locator( '.iacp-settings__grid' )
		.evaluateAll( ( elements ) =>
			elements.map( ( grid ) =>
				Array.from( grid.children )
					.filter(
						( cell ) =>
							getComputedStyle( cell ).display !== 'none' &&
							! cell.classList.contains( 'iacp-settings__wide' )
					)
					.map( ( cell ) => {
						const box = cell.getBoundingClientRect();
						const input = cell.querySelector( 'input, select' );
						return {
							left: Math.round( box.left ),
							top: Math.round( box.top ),
							width: Math.round( box.width ),
							inputTop: Math.round(
								input?.getBoundingClientRect().top ?? -1
							),
						};
					} )
			)
		);
	expect( grids ).toHaveLength( names.length );
	const cells = grids.flat();
	expect( cells.length ).toBeGreaterThan( 20 );
	expect( new Set( cells.map( ( cell ) => cell.width ) ).size ).toBe( 1 );
	expect( new Set( grids.map( ( grid ) => grid[ 0 ]?.left ) ).size ).toBe(
		1
	);
	// Fields of one row have their boxes on one line, whatever help text they carry.
	for ( const grid of grids ) {
		for ( const cell of grid ) {
			const row = grid.filter( ( other ) => other.top === cell.top );
			expect(
				new Set( row.map( ( other ) => other.inputTop ) ).size
			).toBe( 1 );
		}
	}
	// Several columns at the test's window width: a grid, not a stack.
	expect(
		new Set( cells.map( ( cell ) => cell.left ) ).size
	).toBeGreaterThan( 1 );
	await expectAccessible( page, [ '#iacp-admin-root' ] );
	expect( consoleErrors ).toEqual( [] );
} );
