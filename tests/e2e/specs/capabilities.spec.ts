/**
 * A contributor (no upload_files) gets no image action, and the API refuses an image job from them.
 */
import {
	addBlock,
	expect,
	openNewPost,
	restClient,
	test,
	uniqueKey,
} from '../support/iacp';

test( 'a contributor has no AI image action and the API refuses it', async ( {
	browser,
	api,
	site,
} ) => {
	const username = uniqueKey( 'contrib' ).replace( /-/g, '_' );
	const password = `${ uniqueKey( 'pw' ) }Aa1!`;
	const created = await api.post( 'wp-json/wp/v2/users', {
		data: {
			username,
			password,
			email: `${ username }@example.org`,
			roles: [ 'contributor' ],
		},
	} );
	expect( created.status() ).toBe( 201 );
	const user = ( await created.json() ) as { id: number };

	const appPassword = await api.post(
		`wp-json/wp/v2/users/${ user.id }/application-passwords`,
		{ data: { name: 'iacp-e2e' } }
	);
	const contributorApi = await restClient(
		site,
		username,
		( ( await appPassword.json() ) as { password: string } ).password
	);
	const refused = await contributorApi.post( 'wp-json/iacp/v1/jobs', {
		data: {
			type: 'image',
			input: {
				prompt: 'A kite',
				size: '256x256',
				count: 1,
				set_featured: false,
			},
		},
	} );
	expect( refused.status() ).toBe( 403 );
	await contributorApi.dispose();

	const context = await browser.newContext( {
		baseURL: site.url,
		storageState: { cookies: [], origins: [] },
	} );
	const page = await context.newPage();
	await page.goto( '/wp-login.php' );
	await page.getByLabel( 'Username or Email Address' ).fill( username );
	await page.getByLabel( 'Password', { exact: true } ).fill( password );
	await page.getByRole( 'button', { name: 'Log In' } ).click();
	await page.waitForURL( /wp-admin/ );

	await openNewPost( page );
	await addBlock( page, 'core/image' );
	const toolbar = page.getByRole( 'toolbar', { name: 'Block tools' } );
	await expect( toolbar ).toBeVisible();
	await expect(
		toolbar.getByRole( 'button', { name: 'AI image' } )
	).toHaveCount( 0 );
	await expect(
		page.getByRole( 'button', { name: 'Generate an image with AI' } )
	).toHaveCount( 0 );

	// Text actions remain: contributors may generate text.
	await addBlock( page, 'core/paragraph', { content: 'Hello' } );
	await expect(
		page
			.getByRole( 'toolbar', { name: 'Block tools' } )
			.getByRole( 'button', { name: 'AI', exact: true } )
	).toBeVisible();
	await context.close();
} );
