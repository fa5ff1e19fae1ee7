/**
 * Shared fixtures: `consoleErrors` collects what must never happen while a test drives the site — console errors,
 * uncaught exceptions, JavaScript deprecation notices (`wp.deprecated` warns in the console) and PHP notices,
 * warnings or deprecations that the plugin's own files wrote to the site's debug.log meanwhile.
 */
import { test as base, type Page } from '@playwright/test';
import fs from 'node:fs';
import { allSites } from './site-env';

/** The debug.log of the site a test runs against (env.json's debug_log), if known. */
function debugLogOf( baseURL: string | undefined ): string | null {
	const site = allSites().find( ( candidate ) => candidate.url === baseURL );
	return site?.debug_log ?? null;
}

function sizeOf( file: string | null ): number {
	return file && fs.existsSync( file ) ? fs.statSync( file ).size : 0;
}

/** Lines appended to a file since it had `from` bytes. */
function appendedLines( file: string | null, from: number ): string[] {
	if ( ! file || sizeOf( file ) <= from ) {
		return [];
	}
	const handle = fs.openSync( file, 'r' );
	const buffer = Buffer.alloc( sizeOf( file ) - from );
	fs.readSync( handle, buffer, 0, buffer.length, from );
	fs.closeSync( handle );
	return buffer.toString( 'utf8' ).split( '\n' ).filter( Boolean );
}

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
			if (
				message.type() === 'warning' &&
				/\bdeprecated\b/i.test( message.text() )
			) {
				errors.push( `deprecation: ${ message.text() } (${ source })` );
			}
		} );
		page.on( 'pageerror', ( error ) => errors.push( error.message ) );
		const debugLog = debugLogOf( baseURL );
		const logSize = sizeOf( debugLog );
		await provide( errors );
		// Read after the test, so an assertion on `consoleErrors` at its end sees the console; PHP lines fail here.
		const ours = appendedLines( debugLog, logSize ).filter(
			( line ) =>
				/PHP (Notice|Warning|Deprecated|Fatal)|is <strong>deprecated<\/strong>|doing_it_wrong|was called <strong>incorrectly/.test(
					line
				) && /plugins\/iacp\/|\biacp\b/i.test( line )
		);
		if ( ours.length > 0 ) {
			throw new Error(
				`the plugin wrote to ${ debugLog } during the test:\n${ ours.join( '\n' ) }`
			);
		}
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
