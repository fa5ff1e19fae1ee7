// Assembles a complete WordPress core from @wp-playground/wordpress-builds: the zip holds the PHP, the static
// files (CSS, JS, images) sit apart in public/; both together make a full tree.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { CORE_CACHE_DIR, ROOT } from './paths.mjs';
import { log } from './process.mjs';

const require = createRequire( import.meta.url );
const BUILDS = path.join(
	ROOT,
	'node_modules/@wp-playground/wordpress-builds'
);

/** Core builds this project tests on: the minimum (newest final 6.5) and the newest pre-release. */
export const WP_BUILDS = { minimum: '6.5', newest: 'nightly' };

export function coreVersion( build ) {
	const version = fs.readFileSync(
		path.join( coreDir( build ), 'wp-includes/version.php' ),
		'utf8'
	);
	return /\$wp_version\s*=\s*'([^']+)'/.exec( version )?.[ 1 ] ?? 'unknown';
}

export function coreDir( build ) {
	return path.join( CORE_CACHE_DIR, build );
}

/** Returns the folder of an assembled core, assembling it the first time. */
export function assembleCore( build ) {
	const target = coreDir( build );
	const done = path.join( target, '.iacp-assembled' );
	if ( fs.existsSync( done ) ) {
		return target;
	}
	const zip = path.join( BUILDS, 'src/wordpress', `wp-${ build }.zip` );
	const statics = path.join( BUILDS, 'public', `wp-${ build }` );
	if ( ! fs.existsSync( zip ) ) {
		throw new Error(
			`no WordPress build "${ build }" in @wp-playground/wordpress-builds`
		);
	}
	log( `assembling WordPress ${ build } …` );
	fs.rmSync( target, { recursive: true, force: true } );
	const AdmZip = require( 'adm-zip' );
	new AdmZip( zip ).extractAllTo( target, true );
	fs.cpSync( statics, target, { recursive: true } );
	// The build ships a Playground config and database; each site brings its own.
	fs.rmSync( path.join( target, 'wp-config.php' ), { force: true } );
	fs.rmSync( path.join( target, 'wp-content/database' ), {
		recursive: true,
		force: true,
	} );
	fs.rmSync( path.join( target, 'wordpress-remote-asset-paths' ), {
		force: true,
	} );
	fs.writeFileSync( done, new Date().toISOString() );
	return target;
}

/** Extracts the SQLite database integration that @wp-playground/cli ships, once. */
export function sqliteIntegrationDir() {
	const target = path.join( CORE_CACHE_DIR, 'sqlite-database-integration' );
	if ( ! fs.existsSync( path.join( target, 'db.copy' ) ) ) {
		const AdmZip = require( 'adm-zip' );
		const zip = new AdmZip(
			path.join(
				ROOT,
				'node_modules/@wp-playground/cli/sqlite-database-integration.zip'
			)
		);
		const staging = `${ target }.tmp`;
		fs.rmSync( staging, { recursive: true, force: true } );
		zip.extractAllTo( staging, true );
		const [ inner ] = fs.readdirSync( staging );
		fs.rmSync( target, { recursive: true, force: true } );
		fs.renameSync( path.join( staging, inner ), target );
		fs.rmSync( staging, { recursive: true, force: true } );
	}
	return target;
}
