// The plugin directory's screenshots (readme.txt, == Screenshots ==): real screens the e2e suite takes, copied in the
// readme's order to artifacts/plugin-directory/screenshot-N.png, ready for the directory's assets folder.
import fs from 'node:fs';
import path from 'node:path';
import { ARTIFACTS_DIR, ROOT } from './paths.mjs';

/** readme.txt's captions, in order, and the e2e screen (tests/e2e/support/iacp.ts screenshot()) that shows each. */
export const DIRECTORY_SCREENSHOTS = [
	'text-popover-done',
	'jobs-sidebar',
	'image-popover-previews',
	'jobs-screen',
	'settings',
];

/** Copies the screens; returns the problems (a missing screen, a readme caption count that differs). */
export function collectDirectoryScreenshots() {
	const problems = [];
	const readme = fs.readFileSync( path.join( ROOT, 'readme.txt' ), 'utf8' );
	const section =
		readme.split( '== Screenshots ==' )[ 1 ]?.split( '\n== ' )[ 0 ] ?? '';
	const captions = section.match( /^\d+\. /gm ) ?? [];
	if ( captions.length !== DIRECTORY_SCREENSHOTS.length ) {
		problems.push(
			`readme.txt has ${ captions.length } screenshot captions, the e2e suite provides ${ DIRECTORY_SCREENSHOTS.length } screens`
		);
	}
	const target = path.join( ARTIFACTS_DIR, 'plugin-directory' );
	fs.mkdirSync( target, { recursive: true } );
	DIRECTORY_SCREENSHOTS.forEach( ( name, index ) => {
		const screen = path.join(
			ARTIFACTS_DIR,
			'playwright/screens',
			`${ name }.png`
		);
		if ( fs.existsSync( screen ) && fs.statSync( screen ).size > 0 ) {
			fs.copyFileSync(
				screen,
				path.join( target, `screenshot-${ index + 1 }.png` )
			);
		} else {
			problems.push( `the e2e suite took no ${ name }.png` );
		}
	} );
	return problems;
}
