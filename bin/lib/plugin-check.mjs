// Plugin Check 1.2.0, the review checker of the plugin directory, run through the real WP-CLI on a site where the
// plugin under review is active (its runtime checks load the site): every finding it reports, as a list.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { WP_BUILDS } from './core.mjs';
import { ensurePluginCheck } from './deps.mjs';
import { PLUGIN_CHECK_DIR, WP_CLI_BOOT } from './paths.mjs';

/**
 * Installs and activates Plugin Check on the site at wpPath, checks `slug` with every check of 1.2.0 and returns
 * [{ file, line, column, type: 'ERROR'|'WARNING', code, message }].
 */
export async function runPluginCheck( { wpPath, slug = 'iacp' } ) {
	await ensurePluginCheck();
	const installed = path.join( wpPath, 'wp-content/plugins/plugin-check' );
	fs.rmSync( installed, { recursive: true, force: true } );
	fs.symlinkSync( PLUGIN_CHECK_DIR, installed, 'dir' );
	// --context=cli: the npm builds of 6.5 hold core PHP on single lines, which WP-CLI's admin context cannot load.
	const wp = ( ...args ) =>
		spawnSync(
			'php',
			[
				WP_CLI_BOOT,
				`--path=${ wpPath }`,
				'--allow-root',
				'--context=cli',
				...args,
			],
			{ encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
		);
	const activated = wp( 'plugin', 'activate', 'plugin-check' );
	if ( activated.status !== 0 ) {
		throw new Error(
			`activating Plugin Check failed: ${ activated.stderr || activated.stdout }`
		);
	}
	// Plugin Check asks the directory's version API for the newest WordPress and, offline as here, takes the site's
	// own version instead (then "Tested up to: 7.1" on a 6.5 site reads as a release that does not exist). Its cache
	// gets the answer the API gives: the newest release, the one the project tests on.
	const newest = wp(
		'eval',
		`set_transient( 'wp_plugin_check_latest_wp_version', '${ WP_BUILDS.newest }', DAY_IN_SECONDS );`
	);
	if ( newest.status !== 0 ) {
		throw new Error(
			`telling Plugin Check the newest WordPress failed: ${ newest.stderr || newest.stdout }`
		);
	}
	const checked = wp(
		'plugin',
		'check',
		slug,
		`--require=${ path.join( installed, 'cli.php' ) }`,
		'--format=json',
		'--fields=line,column,type,code,message'
	);
	if ( checked.status !== 0 ) {
		throw new Error(
			`wp plugin check ${ slug } failed: ${ checked.stderr || checked.stdout }`
		);
	}
	return parseFindings( checked.stdout );
}

/** The command prints `FILE: <path>` and then that file's findings as one JSON array, for each file with any. */
export function parseFindings( output ) {
	const findings = [];
	let file = null;
	for ( const line of output.split( '\n' ) ) {
		if ( line.startsWith( 'FILE: ' ) ) {
			file = line.slice( 6 ).trim();
		} else if ( line.startsWith( '[' ) ) {
			for ( const finding of JSON.parse( line ) ) {
				findings.push( { file, ...finding } );
			}
		}
	}
	return findings;
}

/** One line per finding: `ERROR includes/X.php:12 Code.Name message`. */
export function describeFinding( { file, line, type, code, message } ) {
	return `${ type } ${ file }:${ line } ${ code } ${ message }`;
}
