/**
 * The text dialog on paragraph blocks: the happy path lands as blocks and one undo removes them; a failing job
 * shows its error and Retry succeeds; Cancel stops a job; a reload mid-job finds the result in the sidebar.
 */
import {
	addBlock,
	blockCount,
	chooseAiAction,
	expect,
	expectAccessible,
	openJobsSidebar,
	openNewPost,
	savePost,
	screenshot,
	test,
	uniqueKey,
} from '../support/iacp';

test.describe.configure( { timeout: 150_000 } );

test( 'Rewrite inserts the result as blocks and one undo removes them', async ( {
	page,
	consoleErrors,
}, testInfo ) => {
	await openNewPost( page );
	await addBlock( page, 'core/paragraph', {
		content: 'The quick brown fox jumps over the lazy dog.',
	} );

	await chooseAiAction( page, 'Rewrite' );
	const dialog = page.getByRole( 'dialog', { name: 'AI: Rewrite' } );
	await expect( dialog ).toBeVisible();
	const insert = dialog.getByRole( 'button', { name: 'Insert below' } );
	await expect( insert ).toBeVisible( { timeout: 120_000 } );
	await expect(
		dialog.getByRole( 'region', { name: 'Result preview' } )
	).not.toBeEmpty();
	await expect(
		dialog.getByRole( 'button', { name: 'Replace' } )
	).toBeVisible();
	await expect(
		dialog.getByRole( 'button', { name: 'Copy' } )
	).toBeVisible();
	await expect(
		dialog.getByRole( 'button', { name: 'Regenerate' } )
	).toBeVisible();
	await expectAccessible( page, [ '.iacp-dialog' ] );
	await screenshot( page, testInfo, 'text-popover-done' );

	const before = await blockCount( page );
	await insert.click();
	await expect( dialog ).toBeHidden();
	await expect.poll( () => blockCount( page ) ).toBeGreaterThan( before );

	await page
		.getByRole( 'region', { name: 'Editor top bar' } )
		.getByRole( 'button', { name: 'Undo' } )
		.click();
	await expect.poll( () => blockCount( page ) ).toBe( before );
	expect( consoleErrors ).toEqual( [] );
} );

test( 'a failed job shows its error in words and Retry succeeds', async ( {
	page,
	consoleErrors,
} ) => {
	await openNewPost( page );
	// 400 is permanent: the first attempt fails for good; the key's one failure is then used up.
	const key = uniqueKey( 'retry' );
	await addBlock( page, 'core/paragraph', {
		content: `Retry me please. [[fault:400 times=1 key=${ key }]]`,
	} );

	await chooseAiAction( page, 'Shorten' );
	const dialog = page.getByRole( 'dialog', { name: 'AI: Shorten' } );
	await expect( dialog.getByText( 'The job failed:' ) ).toBeVisible( {
		timeout: 120_000,
	} );
	await expectAccessible( page, [ '.iacp-dialog' ] );

	await dialog.getByRole( 'button', { name: 'Retry' } ).click();
	await expect(
		dialog.getByRole( 'button', { name: 'Insert below' } )
	).toBeVisible( { timeout: 120_000 } );
	expect( consoleErrors ).toEqual( [] );
} );

test( 'Cancel stops a running job', async ( { page, consoleErrors } ) => {
	await openNewPost( page );
	await addBlock( page, 'core/paragraph', {
		content:
			'A long text to expand slowly. [[chunk-delay:800]] [[lines:40]]',
	} );

	await chooseAiAction( page, 'Expand' );
	const dialog = page.getByRole( 'dialog', { name: 'AI: Expand' } );
	await dialog.getByRole( 'button', { name: 'Cancel job' } ).click();
	await expect( dialog.getByText( 'The job was cancelled.' ) ).toBeVisible( {
		timeout: 60_000,
	} );
	await expect(
		dialog.getByRole( 'button', { name: 'Insert below' } )
	).toHaveCount( 0 );
	expect( consoleErrors ).toEqual( [] );
} );

test( 'a reload mid-job loses nothing: the sidebar shows the result', async ( {
	page,
	consoleErrors,
}, testInfo ) => {
	await openNewPost( page );
	await addBlock( page, 'core/paragraph', {
		content: 'Slowly summarize this sentence. [[chunk-delay:300]]',
	} );
	const postId = await savePost( page );

	await chooseAiAction( page, 'Summarize' );
	const dialog = page.getByRole( 'dialog', { name: 'AI: Summarize' } );
	await expect( dialog.getByText( /Queued|Working/ ) ).toBeVisible();

	await page.goto( `/wp-admin/post.php?post=${ postId }&action=edit` );
	await openJobsSidebar( page );
	const list = page.getByRole( 'list', { name: 'AI jobs' } );
	const item = list
		.getByRole( 'listitem' )
		.filter( { hasText: 'Summarize' } );
	await expect( item.first() ).toBeVisible();
	await expect(
		item.first().getByRole( 'button', { name: 'Insert' } )
	).toBeVisible( { timeout: 120_000 } );
	await expectAccessible( page, [ '.iacp-sidebar' ] );
	await screenshot( page, testInfo, 'jobs-sidebar' );

	const before = await blockCount( page );
	await item.first().getByRole( 'button', { name: 'Insert' } ).click();
	await expect.poll( () => blockCount( page ) ).toBeGreaterThan( before );
	expect( consoleErrors ).toEqual( [] );
} );
