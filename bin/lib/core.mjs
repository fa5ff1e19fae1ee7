// WordPress core for the sites: the minimum (6.5.5) assembled from @wp-playground/wordpress-builds (the zip holds
// the PHP, the static files sit apart in public/), the newest final release (7.1.0) unpacked from its archive,
// which no registry here serves (IACP_WP_ARCHIVE, or ../shared/wordpress/).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { CORE_CACHE_DIR, ROOT, SHARED_DIR } from './paths.mjs';
import { capture, log } from './process.mjs';

const require = createRequire( import.meta.url );
const BUILDS = path.join(
	ROOT,
	'node_modules/@wp-playground/wordpress-builds'
);

/** Core builds this project tests on: the minimum (newest final 6.5 on npm) and the newest final release. */
export const WP_BUILDS = { minimum: '6.5', newest: '7.1' };

export const WP_ARCHIVE_VARIABLE = 'IACP_WP_ARCHIVE';
const NEWEST_RELEASE = '7.1.0';

/** Where the newest release's archive is looked for: IACP_WP_ARCHIVE, else ../shared/wordpress/. */
export function wpArchivePath() {
	return process.env[ WP_ARCHIVE_VARIABLE ]
		? path.resolve( process.env[ WP_ARCHIVE_VARIABLE ] )
		: path.join(
				SHARED_DIR,
				'wordpress',
				`wordpress-${ NEWEST_RELEASE }.tar.gz`
			);
}

/** Why the newest release cannot be had (the archive is missing), or null when it can. */
export function newestCoreMissing() {
	const archive = wpArchivePath();
	if ( fs.existsSync( archive ) ) {
		return null;
	}
	return `WordPress ${ NEWEST_RELEASE } is missing: no archive at ${ archive } (set ${ WP_ARCHIVE_VARIABLE } to the path of wordpress-${ NEWEST_RELEASE }.tar.gz, or put it in ${ path.join( SHARED_DIR, 'wordpress' ) }/)`;
}

/** The version a WordPress tree declares in wp-includes/version.php, or null when it holds none. */
export function treeVersion( wpPath ) {
	const file = path.join( wpPath, 'wp-includes/version.php' );
	if ( ! fs.existsSync( file ) ) {
		return null;
	}
	return (
		/\$wp_version\s*=\s*'([^']+)'/.exec(
			fs.readFileSync( file, 'utf8' )
		)?.[ 1 ] ?? null
	);
}

/** A release's full number as people write it: WordPress calls 7.1.0 "7.1". */
export function releaseName( version ) {
	return /^\d+\.\d+$/.test( version ) ? `${ version }.0` : version;
}

export function coreVersion( build ) {
	return treeVersion( coreDir( build ) ) ?? 'unknown';
}

export function coreDir( build ) {
	return path.join( CORE_CACHE_DIR, build );
}

/** Returns the folder of an assembled core, assembling it the first time (or when its source changed). */
export function assembleCore( build ) {
	const target = coreDir( build );
	const source =
		build === WP_BUILDS.newest ? archiveSource() : npmBuildSource( build );
	const done = path.join( target, '.iacp-assembled' );
	if (
		fs.existsSync( done ) &&
		fs.readFileSync( done, 'utf8' ) === source.stamp
	) {
		return target;
	}
	log( `assembling WordPress ${ build } from ${ source.from } …` );
	const staging = `${ target }.tmp`;
	fs.rmSync( staging, { recursive: true, force: true } );
	source.extract( staging );
	// Each site brings its own config and database.
	for ( const leftover of [
		'wp-config.php',
		'wp-content/database',
		'wordpress-remote-asset-paths',
	] ) {
		fs.rmSync( path.join( staging, leftover ), {
			recursive: true,
			force: true,
		} );
	}
	fs.rmSync( target, { recursive: true, force: true } );
	fs.renameSync( staging, target );
	fs.writeFileSync( done, source.stamp );
	return target;
}

function npmBuildSource( build ) {
	const zip = path.join( BUILDS, 'src/wordpress', `wp-${ build }.zip` );
	const statics = path.join( BUILDS, 'public', `wp-${ build }` );
	if ( ! fs.existsSync( zip ) ) {
		throw new Error(
			`no WordPress build "${ build }" in @wp-playground/wordpress-builds`
		);
	}
	return {
		from: '@wp-playground/wordpress-builds',
		stamp: `${ zip }\n${ fs.statSync( zip ).size }`,
		extract( staging ) {
			const AdmZip = require( 'adm-zip' );
			new AdmZip( zip ).extractAllTo( staging, true );
			fs.cpSync( statics, staging, { recursive: true } );
		},
	};
}

function archiveSource() {
	const missing = newestCoreMissing();
	if ( missing ) {
		throw new Error( missing );
	}
	const archive = wpArchivePath();
	const stat = fs.statSync( archive );
	return {
		from: archive,
		stamp: `${ archive }\n${ stat.size }\n${ stat.mtimeMs }`,
		extract( staging ) {
			fs.mkdirSync( staging, { recursive: true } );
			capture( 'tar', [
				'-xzf',
				archive,
				'-C',
				staging,
				'--strip-components=1',
			] );
			const version = treeVersion( staging );
			if ( releaseName( version ?? '' ) !== NEWEST_RELEASE ) {
				throw new Error(
					`${ archive } holds WordPress ${ version ?? '(no wp-includes/version.php)' }, not ${ NEWEST_RELEASE }`
				);
			}
		},
	};
}

/** True when WordPress version a is newer than b ("7.1" > "6.5.5"). */
export function isNewer( a, b ) {
	const left = a.split( /[.-]/ ).map( ( part ) => parseInt( part, 10 ) || 0 );
	const right = b
		.split( /[.-]/ )
		.map( ( part ) => parseInt( part, 10 ) || 0 );
	for ( let i = 0; i < Math.max( left.length, right.length ); i++ ) {
		if ( ( left[ i ] ?? 0 ) !== ( right[ i ] ?? 0 ) ) {
			return ( left[ i ] ?? 0 ) > ( right[ i ] ?? 0 );
		}
	}
	return false;
}

/**
 * Puts a core into a site's WordPress folder: a full copy the first time; when the folder holds an older version,
 * the core files are replaced and wp-content and wp-config.php kept, as a WordPress update does (the database
 * upgrade runs when the site next loads wp-admin/includes/upgrade.php). A newer core is never downgraded.
 * Returns the version it replaced, if any.
 */
export function installCore( build, wpPath ) {
	const core = assembleCore( build );
	const wanted = treeVersion( core );
	const current = treeVersion( wpPath );
	if ( current === wanted ) {
		return null;
	}
	if ( current !== null && isNewer( current, wanted ) ) {
		log(
			`keeping WordPress ${ current } in ${ path.relative( ROOT, wpPath ) }: ${ wanted } would be a downgrade`
		);
		return null;
	}
	if ( current === null ) {
		fs.cpSync( core, wpPath, { recursive: true } );
		fs.rmSync( path.join( wpPath, '.iacp-assembled' ), { force: true } );
		return null;
	}
	log(
		`updating ${ path.relative( ROOT, wpPath ) } from WordPress ${ current } to ${ wanted } (wp-content and wp-config.php kept) …`
	);
	// Files the older release had and the newer one dropped must not linger.
	fs.rmSync( path.join( wpPath, 'wp-admin' ), {
		recursive: true,
		force: true,
	} );
	fs.rmSync( path.join( wpPath, 'wp-includes' ), {
		recursive: true,
		force: true,
	} );
	for ( const entry of fs.readdirSync( core ) ) {
		if ( entry === 'wp-content' || entry === '.iacp-assembled' ) {
			continue;
		}
		fs.cpSync( path.join( core, entry ), path.join( wpPath, entry ), {
			recursive: true,
		} );
	}
	// New bundled themes and the like; never overwrite what the site has.
	fs.cpSync(
		path.join( core, 'wp-content' ),
		path.join( wpPath, 'wp-content' ),
		{
			recursive: true,
			force: false,
		}
	);
	return current;
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
