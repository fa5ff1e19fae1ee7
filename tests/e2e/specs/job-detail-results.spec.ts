/**
 * The job detail on Tools → AI Jobs shows a result as what it is: an image job's images as thumbnails linking to
 * their Media Library attachments, a post-field job's field as before and after.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import {
	expect,
	expectAccessible,
	screenshot,
	test,
	uniqueKey,
	waitForJob,
} from '../support/iacp';

test.describe.configure( { timeout: 180_000 } );

async function createPost(
	api: APIRequestContext,
	data: Record< string, unknown >
): Promise< number > {
	const response = await api.post( 'wp-json/wp/v2/posts', {
		data: { status: 'draft', content: 'Kites fly in the wind.', ...data },
	} );
	expect( response.status() ).toBe( 201 );
	return ( ( await response.json() ) as { id: number } ).id;
}

async function startJob(
	api: APIRequestContext,
	data: Record< string, unknown >
): Promise< string > {
	const response = await api.post( 'wp-json/iacp/v1/jobs', { data } );
	expect( response.status() ).toBe( 202 );
	return ( ( await response.json() ) as { id: string } ).id;
}

async function openDetail( page: Page, id: string ) {
	await page.goto( `/wp-admin/tools.php?page=iacp-jobs&job=${ id }` );
	const detail = page.getByRole( 'region', { name: 'Job details' } );
	await expect( detail.getByText( id ) ).toBeVisible();
	await expect(
		detail.getByRole( 'heading', { name: 'Result' } )
	).toBeVisible();
	return detail;
}

test( 'an image job’s detail shows its images as thumbnails linking to their attachments', async ( {
	page,
	api,
	consoleErrors,
}, testInfo ) => {
	const postId = await createPost( api, {
		title: uniqueKey( 'Image detail' ),
	} );
	const id = await startJob( api, {
		type: 'image',
		post_id: postId,
		input: {
			prompt: 'A red kite over green hills',
			size: '1024x1024',
			count: 1,
			set_featured: false,
		},
	} );
	const job = await waitForJob( api, id, 150_000 );
	expect( job.status ).toBe( 'completed' );
	const images = ( job.result?.images ?? [] ) as Array< {
		attachment_id: number;
	} >;
	const attachmentId = images[ 0 ]?.attachment_id;
	expect( attachmentId ).toEqual( expect.any( Number ) );

	const detail = await openDetail( page, id );
	const thumbnail = detail.getByRole( 'img', { name: 'Generated image 1' } );
	await expect( thumbnail ).toBeVisible();
	// Loaded from the Media Library, not a broken link.
	await expect
		.poll( () =>
			thumbnail.evaluate(
				( image ) => ( image as HTMLImageElement ).naturalWidth
			)
		)
		.toBeGreaterThan( 0 );
	const link = detail.getByRole( 'link', { name: 'Generated image 1' } );
	await expect( link ).toHaveAttribute(
		'href',
		new RegExp( `post\\.php\\?post=${ attachmentId }&action=edit$` )
	);
	await expect( detail.getByText( 'In the Media Library' ) ).toBeVisible();
	await expectAccessible( page, [ '#iacp-admin-root' ] );
	await screenshot( page, testInfo, 'job-detail-image' );
	expect( consoleErrors ).toEqual( [] );
} );

test( 'a post-field job’s detail shows the field before and after', async ( {
	page,
	api,
	consoleErrors,
}, testInfo ) => {
	const before = `The old excerpt ${ uniqueKey( 'kites' ) }.`;
	const postId = await createPost( api, {
		title: uniqueKey( 'Field detail' ),
		excerpt: before,
	} );
	const id = await startJob( api, {
		type: 'post_field',
		post_id: postId,
		input: { field: 'excerpt', instruction: 'Make it shorter.' },
	} );
	const job = await waitForJob( api, id );
	expect( job.status ).toBe( 'completed' );
	const after = String( job.result?.suggestion ?? '' );
	expect( after ).not.toBe( '' );

	const detail = await openDetail( page, id );
	const beforeFigure = detail
		.getByRole( 'figure' )
		.filter( { hasText: /^Before/ } );
	const afterFigure = detail
		.getByRole( 'figure' )
		.filter( { hasText: /^After/ } );
	await expect( beforeFigure ).toContainText( before );
	await expect( afterFigure ).toContainText( after.trim().slice( 0, 40 ) );
	await expect( detail.getByText( 'Applied to the post.' ) ).toBeVisible();
	await expectAccessible( page, [ '#iacp-admin-root' ] );
	await screenshot( page, testInfo, 'job-detail-post-field' );
	expect( consoleErrors ).toEqual( [] );
} );
