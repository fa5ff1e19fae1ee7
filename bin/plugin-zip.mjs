#!/usr/bin/env node
// `npm run plugin-zip`: an installable dist/iacp.zip — readme.txt, built assets, Composer's autoloader (no dev
// packages) and the translation template languages/iacp.pot made by WP-CLI's `i18n make-pot` — without tests,
// sources, tooling or the developers' README.md.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ensureBuild, ensureNpm, ensureWpCli } from './lib/deps.mjs';
import { ROOT, WP_CLI_BOOT } from './lib/paths.mjs';
import { log, mustRun } from './lib/process.mjs';

/** What a site needs at run time; everything else stays out of the zip. */
const SHIPPED = [
	'plugin.php',
	'bin/iacp-worker.php',
	'uninstall.php',
	'includes',
	'build',
	'languages',
	'composer.json',
	'readme.txt',
];

export async function buildPluginZip() {
	await ensureNpm();
	await ensureBuild();
	const dist = path.join( ROOT, 'dist' );
	const stage = path.join( dist, 'iacp' );
	fs.rmSync( stage, { recursive: true, force: true } );
	fs.mkdirSync( stage, { recursive: true } );
	for ( const entry of SHIPPED ) {
		if ( fs.existsSync( path.join( ROOT, entry ) ) ) {
			fs.cpSync( path.join( ROOT, entry ), path.join( stage, entry ), {
				recursive: true,
			} );
		}
	}
	// The strings of the PHP and of the built scripts (which wp_set_script_translations() loads translations for).
	// --skip-audit: the minified build has lost its translator comments; the sources carry them.
	await ensureWpCli();
	await mustRun(
		'php',
		[
			WP_CLI_BOOT,
			'--allow-root',
			'i18n',
			'make-pot',
			stage,
			path.join( stage, 'languages/iacp.pot' ),
			'--slug=iacp',
			'--domain=iacp',
			'--skip-audit',
		],
		{ cwd: ROOT, stdio: [ 'ignore', 'ignore', 'inherit' ] }
	);
	// Composer's autoloader for the plugin's own classes only: the plugin has no run-time packages.
	await mustRun(
		'composer',
		[
			'dump-autoload',
			'--no-dev',
			'--classmap-authoritative',
			'--no-interaction',
			'--quiet',
		],
		{ cwd: stage }
	);

	const zipFile = path.join( dist, 'iacp.zip' );
	fs.rmSync( zipFile, { force: true } );
	const AdmZip = createRequire( import.meta.url )( 'adm-zip' );
	const zip = new AdmZip();
	zip.addLocalFolder( stage, 'iacp' );
	zip.writeZip( zipFile );
	return zipFile;
}

if ( import.meta.url === `file://${ process.argv[ 1 ] }` ) {
	const zipFile = await buildPluginZip();
	log(
		`wrote ${ path.relative( ROOT, zipFile ) } (${ Math.round( fs.statSync( zipFile ).size / 1024 ) } KB)`
	);
}
