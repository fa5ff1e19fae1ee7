/**
 * The AI dialog never blocks writing: Escape closes it and Minimise moves it to the AI jobs sidebar, the job runs
 * on while the author types, and the sidebar reopens the dialog to insert the result below its block.
 * The test AI server is slowed ([[chunk-delay]]) so the job is still running while the test writes.
 */
import type { APIRequestContext, Page } from '@playwright/test';
import {
	addBlock,
	blockCount,
	chooseAiAction,
	expect,
	expectAccessible,
	FINAL,
	openNewPost,
	savePost,
	screenshot,
	test,
} from '../support/iacp';

// The job is slowed on purpose, and the machine may be busy: room for both.
test.describe.configure( { timeout: 240_000 } );

/** The job the dialog started for a block, from the plugin's editor store. */
async function dialogJobOf( page: Page, clientId: string ): Promise< string > {
	const handle = await page.waitForFunction(
		( id ) =>
			(
				window as unknown as {
					wp: {
						data: {
							select: ( store: string ) => {
								getBlockJob: ( block: string ) => string | null;
							};
						};
					};
				}
			 ).wp.data
				.select( 'iacp/editor' )
				.getBlockJob( id ),
		clientId
	);
	return ( await handle.jsonValue() ) as string;
}

async function jobStatus(
	api: APIRequestContext,
	id: string
): Promise< string > {
	const response = await api.get( `wp-json/iacp/v1/jobs/${ id }` );
	return ( ( await response.json() ) as { status: string } ).status;
}

/** Types at the end of a paragraph, as an author would (the canvas is an iframe where WordPress uses one). */
async function typeInto( page: Page, clientId: string, words: string ) {
	const canvas = ( await page
		.locator( 'iframe[name="editor-canvas"]' )
		.count() )
		? page.frameLocator( 'iframe[name="editor-canvas"]' )
		: page;
	await canvas.locator( `[data-block="${ clientId }"]` ).click();
	await page.keyboard.press( 'End' );
	await page.keyboard.type( ` ${ words }` );
}

async function postContent( page: Page ): Promise< string > {
	return page.evaluate( () =>
		String(
			(
				window as unknown as {
					wp: {
						data: {
							select: ( store: string ) => {
								getEditedPostContent: () => string;
							};
						};
					};
				}
			 ).wp.data
				.select( 'core/editor' )
				.getEditedPostContent()
		)
	);
}

/**
 * A saved post with the slow paragraph the AI works on (selected), then a paragraph to write in: below it, where
 * the block toolbar does not cover it.
 */
async function postWithSlowParagraph( page: Page, text: string ) {
	await openNewPost( page );
	const source = await addBlock( page, 'core/paragraph', {
		content: `${ text } [[chunk-delay:700]]`,
	} );
	const draft = await addBlock( page, 'core/paragraph', {
		content: 'My notes:',
	} );
	await page.evaluate(
		( id ) =>
			(
				window as unknown as {
					wp: {
						data: {
							dispatch: ( store: string ) => {
								selectBlock: ( block: string ) => void;
							};
						};
					};
				}
			 ).wp.data
				.dispatch( 'core/block-editor' )
				.selectBlock( id ),
		source
	);
	// The sidebar lists the jobs of a saved post.
	await savePost( page );
	return { draft, source };
}

test( 'Escape closes the dialog, the job runs on while the author writes, and the sidebar reopens it to insert', async ( {
	page,
	api,
	consoleErrors,
} ) => {
	const { draft, source } = await postWithSlowParagraph(
		page,
		'Rewrite this sentence while I keep writing.'
	);
	await chooseAiAction( page, 'Rewrite' );
	const dialog = page.getByRole( 'dialog', { name: 'AI: Rewrite' } );
	await expect( dialog.getByText( /Queued|Working/ ) ).toBeVisible();
	const jobId = await dialogJobOf( page, source );

	await page.keyboard.press( 'Escape' );
	await expect( dialog ).toBeHidden();
	expect( FINAL ).not.toContain( await jobStatus( api, jobId ) );

	await typeInto( page, draft, 'Still writing.' );
	await expect
		.poll( () => postContent( page ) )
		.toContain( 'Still writing.' );
	expect( FINAL ).not.toContain( await jobStatus( api, jobId ) );

	// It finishes with the named snackbar; Review opens the sidebar, which reopens the dialog with the result.
	const snackbar = page
		.locator( '.components-snackbar' )
		.filter( { hasText: 'Rewritten text ready for ‘IACP e2e post’' } );
	await expect( snackbar ).toBeVisible( { timeout: 180_000 } );
	await snackbar.getByRole( 'button', { name: 'Review' } ).click();
	const item = page
		.getByRole( 'list', { name: 'AI jobs' } )
		.locator( `[data-job-id="${ jobId }"]` );
	await item.getByRole( 'button', { name: 'Open' } ).click();
	await expect(
		dialog.getByRole( 'region', { name: 'Result preview' } )
	).not.toBeEmpty();

	const before = await blockCount( page );
	await dialog.getByRole( 'button', { name: 'Insert below' } ).click();
	await expect( dialog ).toBeHidden();
	await expect.poll( () => blockCount( page ) ).toBeGreaterThan( before );
	expect( await postContent( page ) ).toContain( 'Still writing.' );
	expect( consoleErrors ).toEqual( [] );
} );

test( 'Minimise moves the running job to the sidebar, which shows its progress and reopens the dialog', async ( {
	page,
	api,
	consoleErrors,
}, testInfo ) => {
	const { draft, source } = await postWithSlowParagraph(
		page,
		'Expand this sentence while I keep writing.'
	);
	await chooseAiAction( page, 'Expand' );
	const dialog = page.getByRole( 'dialog', { name: 'AI: Expand' } );
	await expect( dialog.getByText( /Queued|Working/ ) ).toBeVisible();
	const jobId = await dialogJobOf( page, source );
	// Minimise at once: the job is slowed, but a loaded machine is slow too.
	await dialog
		.getByRole( 'button', { name: 'Minimise to the AI jobs sidebar' } )
		.click();
	await expect( dialog ).toBeHidden();
	const item = page
		.getByRole( 'list', { name: 'AI jobs' } )
		.locator( `[data-job-id="${ jobId }"]` );
	await expect( item.getByRole( 'progressbar' ) ).toBeVisible();
	expect( FINAL ).not.toContain( await jobStatus( api, jobId ) );

	await typeInto( page, draft, 'Typed meanwhile.' );
	await expect
		.poll( () => postContent( page ) )
		.toContain( 'Typed meanwhile.' );

	await item.getByRole( 'button', { name: 'Open' } ).click();
	await expect( dialog ).toBeVisible();
	await expectAccessible( page, [ '.iacp-dialog' ] );
	await screenshot( page, testInfo, 'editor-dialog-reopened' );
	const insert = dialog.getByRole( 'button', { name: 'Insert below' } );
	await expect( insert ).toBeVisible( { timeout: 180_000 } );
	// The job ended with the dialog on screen: no snackbar repeats what the dialog shows.
	await expect(
		page
			.locator( '.components-snackbar' )
			.filter( { hasText: 'Longer text ready' } )
	).toHaveCount( 0 );

	const before = await blockCount( page );
	await insert.click();
	await expect( dialog ).toBeHidden();
	await expect.poll( () => blockCount( page ) ).toBeGreaterThan( before );
	expect( await postContent( page ) ).toContain( 'Typed meanwhile.' );
	expect( consoleErrors ).toEqual( [] );
} );
