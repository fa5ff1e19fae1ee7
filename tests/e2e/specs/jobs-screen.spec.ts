/**
 * Tools → AI Jobs lists and filters jobs, and retries a failed one.
 */
import {
	expect,
	expectAccessible,
	screenshot,
	test,
	uniqueKey,
	waitForJob,
} from '../support/iacp';

test.describe.configure( { timeout: 150_000 } );

test( 'the Jobs screen filters to a failed job and retries it', async ( {
	page,
	api,
	consoleErrors,
}, testInfo ) => {
	const key = uniqueKey( 'jobs-screen' );
	const started = await api.post( 'wp-json/iacp/v1/jobs', {
		data: {
			type: 'text',
			input: {
				mode: 'rewrite',
				text: `Fail once please. [[fault:400 times=1 key=${ key }]]`,
			},
		},
	} );
	expect( started.status() ).toBe( 202 );
	const { id } = ( await started.json() ) as { id: string };
	expect( ( await waitForJob( api, id ) ).status ).toBe( 'failed' );

	await page.goto( '/wp-admin/tools.php?page=iacp-jobs' );
	await expect(
		page.locator( '#iacp-admin-root[data-iacp-ready="true"]' )
	).toBeVisible();
	await expect(
		page.getByRole( 'heading', { name: 'Queue health' } )
	).toBeVisible();

	await page
		.getByRole( 'combobox', { name: 'Status' } )
		.selectOption( 'failed' );
	await page.getByRole( 'searchbox', { name: 'Search jobs' } ).fill( key );
	const row = page.locator( `tr[data-job-id="${ id }"]` );
	await expect( row ).toBeVisible();
	await expect( row.getByText( 'Failed' ) ).toBeVisible();

	await row.getByRole( 'button', { name: /Rewrite/ } ).click();
	const detail = page.getByRole( 'region', { name: 'Job details' } );
	await expect( detail.getByText( id ) ).toBeVisible();
	await expectAccessible( page, [ '#iacp-admin-root' ] );
	await screenshot( page, testInfo, 'jobs-screen' );

	await row.getByRole( 'checkbox' ).check();
	await page.getByRole( 'button', { name: 'Retry selected' } ).click();
	await expect(
		page.locator( '.components-notice' ).getByText( '1 job updated.' )
	).toBeVisible();

	expect( ( await waitForJob( api, id ) ).status ).toBe( 'completed' );
	expect( consoleErrors ).toEqual( [] );
} );
