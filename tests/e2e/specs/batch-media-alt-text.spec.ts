/**
 * Media Library grid: bulk select three images, "Write alt text with AI", follow the link to the batch page,
 * and every image gets alt text; the batch page says so.
 */
import {
	expect,
	expectAccessible,
	screenshot,
	test,
	uniqueKey,
} from '../support/iacp';
import { pageErrors, uploadPng, waitForBatchSettled } from '../support/batches';

test.describe.configure( { timeout: 180_000 } );

test( 'alt text for three images from the Media Library grid', async ( {
	page,
	api,
	consoleErrors,
}, testInfo ) => {
	const key = uniqueKey( 'alt' );
	const ids = [
		await uploadPng( api, `${ key }-red`, [ 200, 30, 30 ] ),
		await uploadPng( api, `${ key }-green`, [ 30, 160, 60 ] ),
		await uploadPng( api, `${ key }-blue`, [ 30, 60, 200 ] ),
	];

	await page.goto( `/wp-admin/upload.php?mode=grid&search=${ key }` );
	const grid = page.locator( '#wp-media-grid' );
	for ( const id of ids ) {
		await expect(
			grid.locator( `li.attachment[data-id="${ id }"]` )
		).toBeVisible();
	}
	const aiButton = page.getByRole( 'button', {
		name: 'Write alt text with AI',
	} );
	// Only in bulk select, and only once something is selected.
	await expect( aiButton ).toBeHidden();
	await page.getByRole( 'button', { name: 'Bulk select' } ).click();
	await expect( aiButton ).toBeVisible();
	await expect( aiButton ).toBeDisabled();
	for ( const id of ids ) {
		await grid.locator( `li.attachment[data-id="${ id }"]` ).click();
	}
	await expect( aiButton ).toBeEnabled();
	await expectAccessible( page, [ '.media-toolbar' ] );
	await aiButton.click();

	const notice = page.locator( '#iacp-media-batch-notice' );
	await expect( notice ).toContainText(
		'Writing alt text for 3 images in the background.'
	);
	const link = notice.getByRole( 'link', { name: 'View the batch' } );
	const href = ( await link.getAttribute( 'href' ) ) ?? '';
	const batchId = Number( new URL( href ).searchParams.get( 'batch' ) );
	expect( batchId ).toBeGreaterThan( 0 );

	const { batch, items } = await waitForBatchSettled( api, batchId );
	expect( batch.counts.done ).toBe( 3 );
	expect( items.map( ( item ) => item.object_id ).sort() ).toEqual(
		[ ...ids ].sort()
	);
	for ( const id of ids ) {
		const media = await api.get(
			`wp-json/wp/v2/media/${ id }?context=edit`
		);
		const { alt_text: alt } = ( await media.json() ) as {
			alt_text: string;
		};
		expect( alt.trim() ).not.toBe( '' );
	}

	await link.click();
	await expect( page ).toHaveURL( /page=iacp-batches&batch=\d+/ );
	const region = page.getByRole( 'region', { name: 'Batch' } );
	// A full wp-admin page load; slow when the machine is shared, hence the longer first wait.
	await expect( region.getByText( '3 of 3 items finished' ) ).toBeVisible( {
		timeout: 60_000,
	} );
	await expect(
		region.getByText( 'Finished', { exact: true } )
	).toBeVisible();
	for ( const id of ids ) {
		await expect(
			page.locator( `tr[data-item-id] a[href*="post=${ id }"]` )
		).toBeVisible();
	}
	await expectAccessible( page, [ '#iacp-batches-root' ] );
	await screenshot( page, testInfo, 'batch-media-alt-text' );
	expect( pageErrors( consoleErrors ) ).toEqual( [] );
} );
