/**
 * Tools → AI Jobs speaks in people, posts and times, not database ids: the owner's name links to their jobs, the
 * post's title to its editor ('(deleted)' when gone), times read '… ago' with the site's full date on hover.
 * The user picker searches by name; filters and the open job live in the URL (reload, back). The job detail
 * shows input and result as text and the log as a timeline; the queue chart has 24 labelled hourly bars.
 */
import {
	expect,
	expectAccessible,
	screenshot,
	test,
	uniqueKey,
	waitForJob,
} from '../support/iacp';
import type { APIRequestContext } from '@playwright/test';

test.describe.configure( { timeout: 150_000 } );

async function createPost(
	api: APIRequestContext,
	title: string
): Promise< number > {
	const response = await api.post( 'wp-json/wp/v2/posts', {
		data: { title, content: 'Tea notes.', status: 'draft' },
	} );
	expect( response.status() ).toBe( 201 );
	return ( ( await response.json() ) as { id: number } ).id;
}

async function startJob(
	api: APIRequestContext,
	postId: number,
	text: string
): Promise< string > {
	const response = await api.post( 'wp-json/iacp/v1/jobs', {
		data: {
			type: 'text',
			post_id: postId,
			input: { mode: 'summarize', text },
		},
	} );
	expect( response.status() ).toBe( 202 );
	return ( ( await response.json() ) as { id: string } ).id;
}

test( 'jobs name their owner and post, and the screen’s state lives in the URL', async ( {
	page,
	api,
	consoleErrors,
}, testInfo ) => {
	const key = uniqueKey( 'people' );
	const title = `Green tea at home ${ key }`;
	const postId = await createPost( api, title );
	const goneId = await createPost( api, `Gone ${ key }` );
	const id = await startJob( api, postId, `Summarize tea. ${ key }` );
	const goneJob = await startJob( api, goneId, `Summarize gone. ${ key }` );
	expect( ( await waitForJob( api, id ) ).status ).toBe( 'completed' );
	await waitForJob( api, goneJob );
	const me = ( await (
		await api.get( 'wp-json/wp/v2/users/me' )
	).json() ) as { id: number; name: string };
	expect(
		(
			await api.delete( `wp-json/wp/v2/posts/${ goneId }?force=true` )
		).status()
	).toBe( 200 );

	await page.goto(
		`/wp-admin/tools.php?page=iacp-jobs&search=${ encodeURIComponent( key ) }`
	);
	await expect(
		page.locator( '#iacp-admin-root[data-iacp-ready="true"]' )
	).toBeVisible();
	await expect(
		page.getByRole( 'searchbox', { name: 'Search jobs' } )
	).toHaveValue( key );

	const row = page.locator( `tr[data-job-id="${ id }"]` );
	await expect(
		row.getByRole( 'link', { name: `Jobs of ${ me.name }` } )
	).toHaveAttribute( 'href', new RegExp( `user=${ me.id }` ) );
	await expect( row.getByRole( 'link', { name: title } ) ).toHaveAttribute(
		'href',
		new RegExp( `post\\.php\\?post=${ postId }&action=edit` )
	);
	const created = row.locator( 'time' );
	await expect( created ).toHaveText( /ago|now/ );
	// The full date in the site's format (WordPress's default: "F j, Y g:i a").
	await expect( created ).toHaveAttribute(
		'title',
		/\d{4} \d{1,2}:\d{2} (am|pm)/
	);
	await expect(
		page
			.locator( `tr[data-job-id="${ goneJob }"]` )
			.getByText( '(deleted)' )
	).toBeVisible();

	// A chosen filter is a new history entry; the open job too; reload and back restore both.
	await page
		.getByRole( 'combobox', { name: 'Status' } )
		.selectOption( 'completed' );
	await expect( page ).toHaveURL( /status=completed/ );
	await row.getByRole( 'button', { name: /Summar/ } ).click();
	await expect( page ).toHaveURL( new RegExp( `job=${ id }` ) );
	const detail = page.getByRole( 'region', { name: 'Job details' } );
	await expect( detail.getByText( id ) ).toBeVisible();
	await page.reload();
	await expect( detail.getByText( id ) ).toBeVisible();
	await expect(
		detail.getByRole( 'heading', { name: 'Result' } )
	).toBeVisible();
	await expect(
		detail.getByRole( 'heading', { name: 'Timeline' } )
	).toBeVisible();
	await expect( detail.getByText( 'Started by' ) ).toBeVisible();
	await expect( detail.getByRole( 'link', { name: title } ) ).toBeVisible();
	await expectAccessible( page, [ '#iacp-admin-root' ] );
	await screenshot( page, testInfo, 'job-detail' );
	await page.goBack();
	await expect( page ).not.toHaveURL( /job=/ );
	await expect( detail ).toHaveCount( 0 );
	await expect(
		page.getByRole( 'combobox', { name: 'Status' } )
	).toHaveValue( 'completed' );

	// The user picker finds people by name and filters by their id.
	const picker = page.getByRole( 'combobox', { name: 'User' } );
	await picker.fill( me.name.slice( 0, 3 ) );
	await page.getByRole( 'option', { name: me.name } ).first().click();
	await expect( page ).toHaveURL( new RegExp( `user=${ me.id }` ) );
	await expect( row ).toBeVisible();

	// 24 hourly bars, every third labelled.
	await expect( page.locator( '.iacp-chart__hour' ) ).toHaveCount( 24 );
	await expect(
		page.locator( '.iacp-chart__label:not(.is-hidden)' )
	).toHaveCount( 8 );
	await expect(
		page.getByRole( 'table', { name: 'Jobs per hour' } )
	).toBeAttached();
	await screenshot( page, testInfo, 'jobs-screen-people' );
	expect( consoleErrors ).toEqual( [] );
} );
