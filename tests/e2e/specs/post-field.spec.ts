/**
 * Background excerpt refinement keeps a newer human edit.
 */
import {
	expandPanel,
	expect,
	screenshot,
	test,
	uniqueKey,
} from '../support/iacp';

test.describe.configure( { timeout: 150_000 } );

test( 'Improve excerpt keeps the author’s newer edit', async ( {
	page,
	api,
	consoleErrors,
}, testInfo ) => {
	const created = await api.post( 'wp-json/wp/v2/posts', {
		data: {
			title: 'Field refinement',
			status: 'draft',
			content:
				'<!-- wp:paragraph --><p>Kites fly in the wind.</p><!-- /wp:paragraph -->',
			// Slow provider answer, so the human edit below is newer than the job's snapshot.
			excerpt: 'Kites. [[latency:6000]]',
		},
	} );
	const post = ( await created.json() ) as { id: number };

	await page.goto( `/wp-admin/post.php?post=${ post.id }&action=edit` );
	await page.waitForFunction( () =>
		window.wp?.data?.select( 'core/editor' )?.getCurrentPostId?.()
	);
	await page.evaluate( () => {
		window.wp.data
			.dispatch( 'core/preferences' )
			.set( 'core/edit-post', 'welcomeGuide', false );
	} );

	await expandPanel( page, 'AI' );
	await page
		.getByRole( 'button', { name: 'Improve excerpt with AI' } )
		.click();
	await expect(
		page.locator( '.iacp-field-job[data-field="excerpt"]' )
	).toBeVisible();

	const humanEdit = uniqueKey( 'Human excerpt' );
	const updated = await api.post( `wp-json/wp/v2/posts/${ post.id }`, {
		data: { excerpt: humanEdit },
	} );
	expect( updated.ok() ).toBe( true );

	await expect( page.getByText( 'Kept your newer edit.' ) ).toBeVisible( {
		timeout: 120_000,
	} );
	await screenshot( page, testInfo, 'post-field-newer-edit' );

	const stored = await api.get(
		`wp-json/wp/v2/posts/${ post.id }?context=edit`
	);
	expect( ( await stored.json() ).excerpt.raw ).toBe( humanEdit );
	expect( consoleErrors ).toEqual( [] );
} );
