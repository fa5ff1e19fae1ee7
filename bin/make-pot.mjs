#!/usr/bin/env node
// `npm run make-pot`: regenerates languages/iacp.pot, the translators' template, from the plugin as it ships (its
// PHP and its built scripts, by WP-CLI's `i18n make-pot` inside `npm run plugin-zip`). `npm test` fails when the
// committed template lacks a string of the code or keeps one the code no longer has.
import fs from 'node:fs';
import path from 'node:path';
import { buildPluginZip } from './plugin-zip.mjs';
import { ROOT } from './lib/paths.mjs';
import { log } from './lib/process.mjs';

export const COMMITTED_POT = path.join( ROOT, 'languages/iacp.pot' );

/** The template's strings and comments, without what changes on every run or with every moved line. */
export function potEntries( pot ) {
	return pot
		.split( '\n' )
		.filter(
			( line ) =>
				! line.startsWith( '#:' ) &&
				! line.startsWith( '"POT-Creation-Date:' )
		)
		.join( '\n' );
}

if ( import.meta.url === `file://${ process.argv[ 1 ] }` ) {
	await buildPluginZip();
	fs.mkdirSync( path.dirname( COMMITTED_POT ), { recursive: true } );
	fs.copyFileSync(
		path.join( ROOT, 'dist/iacp/languages/iacp.pot' ),
		COMMITTED_POT
	);
	log( `wrote ${ path.relative( ROOT, COMMITTED_POT ) }` );
}
