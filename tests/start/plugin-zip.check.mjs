#!/usr/bin/env node
// Scripted check of `npm run plugin-zip`: the zip holds what a site needs and nothing of the development tree, and
// it activates on a plain WordPress (SQLite, fresh install) without notices.
//
// Run: node tests/start/plugin-zip.check.mjs [6.5|7.1]   (the core build: minimum by default)
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { buildPluginZip } from '../../bin/plugin-zip.mjs';
import { COMMITTED_POT, potEntries } from '../../bin/make-pot.mjs';
import { releaseName, treeVersion, WP_BUILDS } from '../../bin/lib/core.mjs';
import { ENV_DIR, port, ROOT } from '../../bin/lib/paths.mjs';
import {
	describeFinding,
	runPluginCheck,
} from '../../bin/lib/plugin-check.mjs';
import { capture } from '../../bin/lib/process.mjs';
import { installWordPress, prepareTree, siteDir } from '../../bin/lib/site.mjs';

const AdmZip = createRequire( import.meta.url )( 'adm-zip' );
const build = process.argv[ 2 ] ?? WP_BUILDS.minimum;
const site = `zip-check-${ build }`;
let passed = 0;
let failed = 0;
function assert( condition, message ) {
	if ( condition ) {
		passed++;
		console.log( `ok - ${ message }` );
	} else {
		failed++;
		console.log( `not ok - ${ message }` );
	}
}

try {
	const zipFile = await buildPluginZip();
	const names = new AdmZip( zipFile )
		.getEntries()
		.map( ( entry ) => entry.entryName );
	assert(
		names.includes( 'iacp/plugin.php' ),
		'the zip has iacp/plugin.php at its top'
	);
	assert(
		names.includes( 'iacp/bin/iacp-worker.php' ),
		'the zip carries the standalone worker for supervisor/systemd'
	);
	assert(
		names.includes( 'iacp/vendor/autoload.php' ),
		'the zip carries Composer’s autoloader'
	);
	assert(
		names.includes( 'iacp/build/editor.js' ) &&
			names.includes( 'iacp/build/admin.js' ),
		'the zip carries the built editor and admin entries'
	);
	const pot = names.includes( 'iacp/languages/iacp.pot' )
		? new AdmZip( zipFile ).readAsText( 'iacp/languages/iacp.pot' )
		: '';
	assert(
		pot.includes( 'msgid "Every minute (AI Content Pipeline queue)"' ) &&
			pot.includes( 'msgid "AI jobs"' ),
		'the zip carries languages/iacp.pot (WP-CLI i18n make-pot) with the strings of the PHP and of the built scripts'
	);
	assert(
		fs.existsSync( COMMITTED_POT ) &&
			potEntries( fs.readFileSync( COMMITTED_POT, 'utf8' ) ) ===
				potEntries( pot ),
		'languages/iacp.pot is fresh: the same strings and comments as the code yields (else run npm run make-pot)'
	);
	const readme = names.includes( 'iacp/readme.txt' )
		? new AdmZip( zipFile ).readAsText( 'iacp/readme.txt' )
		: '';
	const mainFile = new AdmZip( zipFile ).readAsText( 'iacp/plugin.php' );
	const versions = {
		'plugin.php Version': /^\s*\*\s*Version:\s*(\S+)/m.exec(
			mainFile
		)?.[ 1 ],
		IACP_VERSION: /define\( 'IACP_VERSION', '([^']+)' \)/.exec(
			mainFile
		)?.[ 1 ],
		'readme.txt Stable tag': /^Stable tag:\s*(\S+)/m.exec( readme )?.[ 1 ],
		'package.json version': JSON.parse(
			fs.readFileSync( path.join( ROOT, 'package.json' ), 'utf8' )
		).version,
	};
	assert(
		new Set( Object.values( versions ) ).size === 1 &&
			versions.IACP_VERSION !== undefined,
		`the zip's versions agree (${ JSON.stringify( versions ) })`
	);
	assert(
		/^Tested up to:\s*7\.1$/m.test( readme ) &&
			/^Requires at least:\s*6\.5$/m.test( readme ) &&
			/^Requires PHP:\s*8\.1$/m.test( readme ),
		'readme.txt is in the zip, with the same requirements as the plugin header'
	);
	const devFiles = names.filter( ( name ) =>
		/^iacp\/(tests|src|node_modules|tools|\.iacp-env)\/|^iacp\/README\.md$|iacp\/bin\/(?!(iacp-worker\.php)?$)|vendor\/(phpunit|phpstan|squizlabs|wp-coding-standards)/.test(
			name
		)
	);
	assert(
		devFiles.length === 0,
		`no development files in the zip (${ devFiles.slice( 0, 3 ).join( ', ' ) || 'none' })`
	);

	const unpacked = path.join( ENV_DIR, `${ site }-unpacked` );
	fs.rmSync( unpacked, { recursive: true, force: true } );
	new AdmZip( zipFile ).extractAllTo( unpacked, true );
	fs.rmSync( siteDir( site ), { recursive: true, force: true } );
	const wpPath = prepareTree( site, {
		build,
		database: 'sqlite',
		pluginDir: path.join( unpacked, 'iacp' ),
	} );
	const install = installWordPress( {
		wpPath,
		url: `http://127.0.0.1:${ port( 8894 ) }`,
	} );
	const version = releaseName( treeVersion( wpPath ) );
	assert(
		install.installed === true,
		`a fresh WordPress ${ version } installed with the zipped plugin activated`
	);
	if ( build === WP_BUILDS.newest ) {
		const header = /^\s*\*\s*Tested up to:\s*(\S+)/m.exec(
			fs.readFileSync( path.join( unpacked, 'iacp/plugin.php' ), 'utf8' )
		)?.[ 1 ];
		assert(
			header === version.split( '.' ).slice( 0, 2 ).join( '.' ),
			`plugin.php says "Tested up to: ${ header }", the newest version this check installed it on is ${ version }`
		);
	}
	// Plugin Check 1.2.0, the plugin directory's review, on the plugin as it ships (active on this site).
	const findings = await runPluginCheck( { wpPath } );
	const errors = findings.filter( ( f ) => f.type === 'ERROR' );
	const warnings = findings.filter( ( f ) => f.type !== 'ERROR' );
	for ( const finding of findings ) {
		console.log( `# ${ describeFinding( finding ) }` );
	}
	assert(
		errors.length === 0,
		`Plugin Check ${ version }: 0 errors (${ errors.length } found${ errors.length ? ', listed above' : '' })`
	);
	assert(
		warnings.length === 0,
		`Plugin Check ${ version }: 0 warnings beyond the reviewed exceptions annotated in the code (${ warnings.length } found${ warnings.length ? ', listed above' : '' })`
	);
	const state = JSON.parse(
		capture( 'php', [
			path.join( ROOT, 'tests/php/scripts/site-probe.php' ),
			wpPath,
		] )
			.split( '\n' )
			.pop()
	);
	assert(
		state.active && state.loaded,
		'the zipped plugin is active and its bootstrap ran'
	);
	const ours = state.notices.filter( ( notice ) =>
		notice.file.includes( '/plugins/iacp/' )
	);
	assert(
		ours.length === 0,
		`no PHP notices from the plugin (${ ours.map( ( n ) => n.message ).join( '; ' ) || 'none' })`
	);
} catch ( error ) {
	failed++;
	console.log( `not ok - the plugin-zip check crashed: ${ error.message }` );
}
console.log( `${ passed } passed, ${ failed } failed` );
process.exit( failed > 0 ? 1 : 0 );
