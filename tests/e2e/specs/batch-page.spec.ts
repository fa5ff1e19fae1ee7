/**
 * The AI Batches screen from the AI Jobs screen's link: the list shows a batch, its page shows progress and counts
 * and the failed item's error, and "Retry failed items" runs that item again until the batch is done.
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
		data: { title, content, status: 'draft' },
	} );
	expect( response.status() ).toBe( 201 );
	return ( ( await response.json() ) as { id: number } ).id;
}

test( 'a batch page shows a failed item and retries it', async ( {
	page,
	api,
	consoleErrors,
}, testInfo ) => {
	const key = uniqueKey( 'batch-page' );
	const fine = await createPost(
		api,
		`${ key } fine`,
		'Rooibos is a herbal infusion from South Africa.'
	);
	// The test AI server refuses the first request that carries this marker, as a provider's 400.
	const flaky = await createPost(
		api,
		`${ key } flaky`,
		`Matcha is stone-ground green tea. [[fault:400 times=1 key=${ key }]]`
	);
	const started = await api.post( 'wp-json/iacp/v1/batches', {
		data: { action: 'excerpt', mode: 'apply', post_ids: [ fine, flaky ] },
	} );
	expect( started.status() ).toBe( 201 );
	const { id } = ( await started.json() ) as { id: number };
	const settled = await waitForBatchSettled( api, id );
	expect( settled.batch.counts ).toMatchObject( { done: 1, failed: 1 } );

	await page.goto( '/wp-admin/tools.php?page=iacp-jobs' );
	await page
		.getByRole( 'link', {
			name: 'Bulk work over many posts and images: AI Batches',
		} )
		.click();
	await expect( page ).toHaveURL( /page=iacp-batches$/ );
	const row = page.locator( `tr[data-batch-id="${ id }"]` );
	await expect( row ).toContainText( '1 done, 1 failed' );
	await expectAccessible( page, [ '#iacp-batches-root' ] );
	await row
		.getByRole( 'button', {
			name: `Write excerpts with AI · batch ${ id }`,
		} )
		.click();
	await expect( page ).toHaveURL( new RegExp( `&batch=${ id }$` ) );

	const batch = page.getByRole( 'region', { name: 'Batch' } );
	await expect( batch.getByText( '2 of 2 items finished' ) ).toBeVisible();
	await expect(
		batch.getByRole( 'progressbar', { name: 'Batch progress' } )
	).toHaveAttribute( 'aria-valuenow', '100' );
	await expect( batch.getByText( /tokens?$/ ) ).toBeVisible();
	const failedRow = page.locator( 'tr[data-item-id]', {
		has: page.getByRole( 'link', { name: `${ key } flaky` } ),
	} );
	await expect( failedRow ).toContainText( 'Failed' );
	await expect(
		failedRow.locator( '.iacp-batch-item__error' )
	).not.toBeEmpty();
	await expectAccessible( page, [ '#iacp-batches-root' ] );
	await screenshot( page, testInfo, 'batch-page' );

	await batch.getByRole( 'button', { name: 'Retry failed items' } ).click();
	// The page follows the batch by itself until the retried item is done.
	await expect( failedRow ).toContainText( 'Done', { timeout: 120_000 } );
	await expect(
		batch.getByRole( 'button', { name: 'Retry failed items' } )
	).toBeHidden();
	const after = await getBatch( api, id );
	expect( after.batch.counts ).toMatchObject( { done: 2, failed: 0 } );
	expect( pageErrors( consoleErrors ) ).toEqual( [] );
} );
