/**
 * A contributor (no upload_files) gets no image action, and the API refuses an image job from them.
 */
import {
	addBlock,
	createUser,
	expect,
	logInAs,
	openNewPost,
	restClient,
	test,
} from '../support/iacp';

test( 'a contributor has no AI image action and the API refuses it', async ( {
	browser,
	api,
	site,
} ) => {
	const contributor = await createUser( api, 'contributor' );
	const contributorApi = await restClient(
		site,
		contributor.username,
		contributor.appPassword
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

	const { context, page } = await logInAs( browser, site, contributor );
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
