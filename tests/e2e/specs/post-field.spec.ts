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

test( 'the AI panel offers the fields the post type supports: a page has a title but no excerpt', async ( {
	page,
	api,
	consoleErrors,
} ) => {
	// With some content: WordPress 7.x offers starter patterns in a modal on an empty page.
	const created = await api.post( 'wp-json/wp/v2/pages', {
		data: {
			title: 'About our tea',
			status: 'draft',
			content:
				'<!-- wp:paragraph --><p>Green tea, brewed cool.</p><!-- /wp:paragraph -->',
		},
	} );
	expect( created.status() ).toBe( 201 );
	const { id } = ( await created.json() ) as { id: number };

	await page.goto( `/wp-admin/post.php?post=${ id }&action=edit` );
	await page.waitForFunction( () =>
		window.wp?.data?.select( 'core/editor' )?.getCurrentPostId?.()
	);
	await page.evaluate( () => {
		window.wp.data
			.dispatch( 'core/preferences' )
			.set( 'core/edit-post', 'welcomeGuide', false );
	} );
	await expandPanel( page, 'AI' );
	await expect(
		page.getByRole( 'button', { name: 'Improve title with AI' } )
	).toBeVisible();
	await expect(
		page.getByRole( 'button', { name: 'Improve excerpt with AI' } )
	).toHaveCount( 0 );

	// The server refuses the field too, naming it, and queues nothing.
	const refused = await api.post( 'wp-json/iacp/v1/jobs', {
		data: { type: 'post_field', post_id: id, input: { field: 'excerpt' } },
	} );
	expect( refused.status() ).toBe( 400 );
	expect( ( await refused.json() ).data.field ).toBe( 'input.field' );
	expect( consoleErrors ).toEqual( [] );
} );
