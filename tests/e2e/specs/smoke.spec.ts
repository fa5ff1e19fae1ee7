/**
 * Smoke: the plugin's scripts load where they belong, on every WordPress version under test.
 */
import { expect, openNewPost, test } from '../support/fixtures';

test( 'the block editor loads the IACP editor script without console errors', async ( {
	page,
	consoleErrors,
} ) => {
	await openNewPost( page );

	await expect( page.locator( 'script#iacp-editor-js' ) ).toHaveCount( 1 );
	const registered = await page.evaluate(
		() => window.wp.plugins.getPlugin( 'iacp-editor' )?.name ?? null
	);
	expect( registered ).toBe( 'iacp-editor' );
	expect( consoleErrors ).toEqual( [] );
} );

test( 'Tools → AI Jobs loads the admin script on its own screen', async ( {
	page,
	consoleErrors,
} ) => {
	await page.goto( '/wp-admin/tools.php?page=iacp-jobs' );

	await expect(
		page.getByRole( 'heading', { name: 'AI Jobs', level: 1 } )
	).toBeVisible();
	await expect(
		page.locator( '#iacp-admin-root[data-iacp-ready="true"]' )
	).toBeVisible();
	expect( consoleErrors ).toEqual( [] );
} );

test( 'the admin script stays off screens that are not the plugin’s', async ( {
	page,
} ) => {
	await page.goto( '/wp-admin/index.php' );

	await expect( page.locator( 'script#iacp-admin-js' ) ).toHaveCount( 0 );
} );
