/**
 * Posts list → "Write excerpts with AI" in review mode → the batch page → the review screen: one result accepted
 * as edited (Edit, "Accept my version"), one accepted with the keyboard (a), one rejected with the keyboard (r).
 * The accepted posts hold their excerpts, the rejected one is untouched.
 */
import type { APIRequestContext } from '@playwright/test';
import {
	expect,
	expectAccessible,
	screenshot,
	test,
	uniqueKey,
} from '../support/iacp';
import { getBatch, pageErrors, waitForBatchSettled } from '../support/batches';

test.describe.configure( { timeout: 240_000 } );

async function createPost(
	api: APIRequestContext,
	title: string,
	content: string
): Promise< number > {
	const response = await api.post( 'wp-json/wp/v2/posts', {
		data: { title, content, status: 'publish', excerpt: '' },
	} );
	expect( response.status() ).toBe( 201 );
	return ( ( await response.json() ) as { id: number } ).id;
}

async function excerptOf( api: APIRequestContext, id: number ) {
	const response = await api.get(
		`wp-json/wp/v2/posts/${ id }?context=edit`
	);
	return ( ( await response.json() ) as { excerpt: { raw: string } } ).excerpt
		.raw;
}

test( 'a review-mode bulk action from the Posts list: accept two, reject one', async ( {
	page,
	api,
	consoleErrors,
}, testInfo ) => {
	const key = uniqueKey( 'review' );
	const posts = {
		edited: await createPost(
			api,
			`${ key } Alpha tea`,
			'Green tea is steamed or pan-fired soon after picking.'
		),
		accepted: await createPost(
			api,
			`${ key } Beta tea`,
			'Black tea is fully oxidised before it is dried.'
		),
		rejected: await createPost(
			api,
			`${ key } Gamma tea`,
			'Oolong tea sits between green and black tea.'
		),
	};

	await page.goto( `/wp-admin/edit.php?s=${ key }&post_status=all` );
	for ( const id of Object.values( posts ) ) {
		await page.locator( `#cb-select-${ id }` ).check();
	}
	await page
		.getByRole( 'combobox', { name: 'AI bulk actions' } )
		.selectOption( 'review' );
	await page
		.locator( '#bulk-action-selector-top' )
		.selectOption( { label: 'Write excerpts with AI' } );
	await page.locator( '#doaction' ).click();

	// The request returns at once with the batch's page.
	await expect( page ).toHaveURL( /tools\.php\?page=iacp-batches&batch=\d+/ );
	const batchId = Number( new URL( page.url() ).searchParams.get( 'batch' ) );
	await expect(
		page.locator( '#iacp-batches-root[data-iacp-ready="true"]' )
	).toBeVisible();
	const { items } = await waitForBatchSettled( api, batchId );
	expect( items.map( ( item ) => item.status ) ).toEqual( [
		'review',
		'review',
		'review',
	] );
	// Review mode wrote nothing yet.
	for ( const id of Object.values( posts ) ) {
		expect( await excerptOf( api, id ) ).toBe( '' );
	}

	// The page refreshes itself while the batch runs: the review button appears without a reload.
	const review = page.getByRole( 'button', { name: 'Review 3 results' } );
	await expect( review ).toBeVisible();
	await expectAccessible( page, [ '#iacp-batches-root' ] );
	await review.click();
	await expect( page ).toHaveURL( /&view=review/ );

	const group = ( title: string ) =>
		page.getByRole( 'group', {
			name: new RegExp( `^${ key } ${ title }` ),
		} );
	await expect( group( 'Alpha tea' ) ).toBeVisible();
	await expectAccessible( page, [ '#iacp-batches-root' ] );
	await screenshot( page, testInfo, 'batch-review' );

	// Edit: the textarea's text is what gets written.
	const mine = `My own excerpt about green tea ${ key }.`;
	await group( 'Alpha tea' ).getByRole( 'button', { name: 'Edit' } ).click();
	await group( 'Alpha tea' )
		.getByRole( 'textbox', { name: 'Your version' } )
		.fill( mine );
	await group( 'Alpha tea' )
		.getByRole( 'button', { name: 'Accept my version' } )
		.click();
	await expect( group( 'Alpha tea' ) ).toHaveCount( 0 );
	await expect(
		page
			.locator( '#iacp-batches-root' )
			.getByText( '1 applied, 0 rejected, 0 not applied.' )
	).toBeVisible();

	// Keyboard: the next item has the focus; a accepts it, r rejects the one after.
	await expect( group( 'Beta tea' ) ).toBeFocused();
	await page.keyboard.press( 'a' );
	await expect( group( 'Beta tea' ) ).toHaveCount( 0 );
	await expect( group( 'Gamma tea' ) ).toBeFocused();
	await page.keyboard.press( 'r' );
	await expect( group( 'Gamma tea' ) ).toHaveCount( 0 );
	await expect( page.getByText( 'Nothing awaits review.' ) ).toBeVisible();

	// The screen drops a decided item at once; the server's answers for a and r may still be on their way.
	const statusOf = async () => {
		const { items: now } = await getBatch( api, batchId );
		const byId = new Map( now.map( ( item ) => [ item.object_id, item ] ) );
		return [ posts.edited, posts.accepted, posts.rejected ].map(
			( id ) => byId.get( id )?.status
		);
	};
	await expect
		.poll( statusOf, { timeout: 30_000 } )
		.toEqual( [ 'accepted', 'accepted', 'rejected' ] );
	const after = await getBatch( api, batchId );
	const byPost = new Map(
		after.items.map( ( item ) => [ item.object_id, item ] )
	);
	expect( await excerptOf( api, posts.edited ) ).toBe( mine );
	const proposal = byPost.get( posts.accepted )?.after ?? '';
	expect( proposal.trim() ).not.toBe( '' );
	expect( await excerptOf( api, posts.accepted ) ).toBe( proposal );
	expect( await excerptOf( api, posts.rejected ) ).toBe( '' );
	expect( pageErrors( consoleErrors ) ).toEqual( [] );
} );

test( 'Accept all keeps an excerpt a person wrote meanwhile, and says so', async ( {
	page,
	api,
	consoleErrors,
} ) => {
	const key = uniqueKey( 'accept-all' );
	const untouched = await createPost(
		api,
		`${ key } Delta tea`,
		'White tea is the least processed tea.'
	);
	const edited = await createPost(
		api,
		`${ key } Epsilon tea`,
		'Pu-erh tea is fermented and aged.'
	);
	const started = await api.post( 'wp-json/iacp/v1/batches', {
		data: {
			action: 'excerpt',
			mode: 'review',
			post_ids: [ untouched, edited ],
		},
	} );
	expect( started.status() ).toBe( 201 );
	const { id } = ( await started.json() ) as { id: number };
	const { items } = await waitForBatchSettled( api, id );
	expect( items.map( ( item ) => item.status ) ).toEqual( [
		'review',
		'review',
	] );

	// A person writes the excerpt while the result waits for review.
	const theirs = `A person's excerpt ${ key }.`;
	const edit = await api.post( `wp-json/wp/v2/posts/${ edited }`, {
		data: { excerpt: theirs },
	} );
	expect( edit.status() ).toBe( 200 );

	await page.goto(
		`/wp-admin/tools.php?page=iacp-batches&batch=${ id }&view=review`
	);
	await expect(
		page.getByRole( 'group', { name: new RegExp( `^${ key } Delta tea` ) } )
	).toBeVisible();
	await page.getByRole( 'button', { name: 'Accept all' } ).click();
	const root = page.locator( '#iacp-batches-root' );
	await expect(
		root.getByText( '1 applied, 0 rejected, 1 not applied.' )
	).toBeVisible();
	await expect(
		root
			.getByRole( 'listitem' )
			.filter( { hasText: `${ key } Epsilon tea` } )
	).toContainText( 'Changed by a person since: kept their edit.' );
	await expect( root.getByText( 'Nothing awaits review.' ) ).toBeVisible();
	await expectAccessible( page, [ '#iacp-batches-root' ] );

	const proposal =
		items.find( ( item ) => item.object_id === untouched )?.after ?? '';
	expect( proposal.trim() ).not.toBe( '' );
	expect( await excerptOf( api, untouched ) ).toBe( proposal );
	expect( await excerptOf( api, edited ) ).toBe( theirs );
	expect( pageErrors( consoleErrors ) ).toEqual( [] );
} );
