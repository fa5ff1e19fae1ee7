/**
 * Shared fixtures: `consoleErrors` collects every console error and uncaught exception of the page.
 */
import { test as base, type Page } from '@playwright/test';

export const test = base.extend< { consoleErrors: string[] } >( {
	consoleErrors: async ( { page, baseURL }, provide ) => {
		const errors: string[] = [];
		const siteOrigin = new URL( baseURL ?? 'http://127.0.0.1' ).origin;
		page.on( 'console', ( message ) => {
			const source = message.location().url;
			// The machine is offline: avatars and other outside resources cannot load, and that is not ours.
			const outside = source !== '' && ! source.startsWith( siteOrigin );
			if ( message.type() === 'error' && ! outside ) {
				errors.push( `${ message.text() } (${ source })` );
			}
		} );
		page.on( 'pageerror', ( error ) => errors.push( error.message ) );
		await provide( errors );
	},
} );

export { expect } from '@playwright/test';

/** Opens a new post in the block editor, without the welcome guide. */
export async function openNewPost( page: Page ): Promise< void > {
	await page.goto( '/wp-admin/post-new.php' );
	await page.waitForFunction( () =>
		window.wp?.data?.select( 'core/editor' )?.getCurrentPostId?.()
	);
	await page.evaluate( () => {
		window.wp.data
			.dispatch( 'core/preferences' )
			.set( 'core/edit-post', 'welcomeGuide', false );
	} );
}
