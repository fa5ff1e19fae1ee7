// Installs what is missing — system packages, npm packages, Composer packages, the WP-CLI runner, the build —
// and skips whatever is already up to date, so a warm start costs seconds.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { PLUGIN_CHECK_DIR, ROOT, SHARED_DIR, WP_CLI_DIR } from './paths.mjs';
import { commandExists, log, mustRun } from './process.mjs';

function fileHash( ...files ) {
	const hash = crypto.createHash( 'sha256' );
	for ( const file of files ) {
		hash.update( fs.existsSync( file ) ? fs.readFileSync( file ) : '' );
	}
	return hash.digest( 'hex' );
}

/** Runs `install` unless the marker file holds the hash of the inputs it was last run for. */
async function installOnce( { name, inputs, marker, install } ) {
	const hash = fileHash( ...inputs );
	if (
		fs.existsSync( marker ) &&
		fs.readFileSync( marker, 'utf8' ) === hash
	) {
		return;
	}
	log( `installing ${ name } …` );
	await install();
	fs.mkdirSync( path.dirname( marker ), { recursive: true } );
	fs.writeFileSync( marker, hash );
}

export function ensureNpm() {
	return installOnce( {
		name: 'npm packages',
		inputs: [
			path.join( ROOT, 'package.json' ),
			path.join( ROOT, 'package-lock.json' ),
		],
		marker: path.join( ROOT, 'node_modules/.iacp-installed' ),
		// `npm ci`, as CI systems run it: it installs exactly the lock file and refuses one out of step with
		// package.json, where `npm install` would quietly rewrite it (after changing package.json, run npm install).
		install: () =>
			mustRun( 'npm', [ 'ci', '--no-audit', '--no-fund' ], {
				cwd: ROOT,
				env: {
					...process.env,
					PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
					PUPPETEER_SKIP_DOWNLOAD: '1',
				},
			} ),
	} );
}

export function ensureComposer() {
	return installOnce( {
		name: 'Composer packages',
		inputs: [ path.join( ROOT, 'composer.json' ) ],
		marker: path.join( ROOT, 'vendor/.iacp-installed' ),
		install: () =>
			mustRun(
				'composer',
				[ 'install', '--no-interaction', '--no-progress' ],
				{ cwd: ROOT }
			),
	} );
}

/**
 * A tool shipped as an archive in ../shared/tools/ (an environment variable names another path) and unpacked into
 * `dir` once per archive: the registries here cannot install these two.
 *
 * @param {{ name: string, variable: string, file: string, dir: string }} tool
 */
function sharedToolArchive( tool ) {
	return {
		...tool,
		path: () =>
			process.env[ tool.variable ]
				? path.resolve( process.env[ tool.variable ] )
				: path.join( SHARED_DIR, 'tools', tool.file ),
	};
}

/** The current WP-CLI with every core command (`wp cron event run`, `wp i18n make-pot` …): no registry here serves more than the 2.4 framework. */
export const WP_CLI_ARCHIVE = sharedToolArchive( {
	name: 'WP-CLI',
	variable: 'IACP_WP_CLI_ARCHIVE',
	file: 'wp-cli-bundle-3.0.0-alpha-with-vendor.tar.gz',
	dir: WP_CLI_DIR,
} );

/** Plugin Check 1.2.0 (the plugin directory's review checker) with its Composer packages: the partial Packagist copy here cannot install its coding standards. */
export const PLUGIN_CHECK_ARCHIVE = sharedToolArchive( {
	name: 'Plugin Check',
	variable: 'IACP_PLUGIN_CHECK_ARCHIVE',
	file: 'plugin-check-1.2.0-with-vendor.tar.gz',
	dir: PLUGIN_CHECK_DIR,
} );

/** Unpacks a shared tool's archive into its folder unless that archive is the one already there. */
function ensureSharedTool( tool ) {
	const archive = tool.path();
	if ( ! fs.existsSync( archive ) ) {
		throw new Error(
			`${ tool.name } is missing: no archive at ${ archive } (set ${ tool.variable } to the path of ${ tool.file }, or put it in ${ path.join( SHARED_DIR, 'tools' ) }/)`
		);
	}
	return installOnce( {
		name: `${ tool.name } from ${ archive }`,
		inputs: [ archive ],
		marker: path.join( tool.dir, '.iacp-installed' ),
		install: async () => {
			// Unpacked beside and renamed into place, so an interrupted unpack never looks installed.
			const staging = `${ tool.dir }.tmp`;
			fs.rmSync( staging, { recursive: true, force: true } );
			fs.mkdirSync( staging, { recursive: true } );
			await mustRun( 'tar', [
				'-xzf',
				archive,
				'-C',
				staging,
				'--strip-components=1',
			] );
			fs.rmSync( tool.dir, { recursive: true, force: true } );
			fs.renameSync( staging, tool.dir );
		},
	} );
}

export const ensureWpCli = () => ensureSharedTool( WP_CLI_ARCHIVE );

export const ensurePluginCheck = () => ensureSharedTool( PLUGIN_CHECK_ARCHIVE );

/** Builds the front end when any source file is newer than the build. */
export async function ensureBuild( { force = false } = {} ) {
	const built = path.join( ROOT, 'build/editor.asset.php' );
	if ( ! force && fs.existsSync( built ) ) {
		const builtAt = fs.statSync( built ).mtimeMs;
		const newer = [ 'src', 'package.json' ].some(
			( entry ) => newestMtime( path.join( ROOT, entry ) ) > builtAt
		);
		if ( ! newer ) {
			return;
		}
	}
	log( 'building the front end …' );
	await mustRun( 'npm', [ 'run', '--silent', 'build' ], { cwd: ROOT } );
	// webpack leaves unchanged outputs untouched ("compared for emit"): mark the build as fresh, or every start rebuilds.
	const now = new Date();
	fs.utimesSync( built, now, now );
}

function newestMtime( target ) {
	const stat = fs.statSync( target );
	if ( ! stat.isDirectory() ) {
		return stat.mtimeMs;
	}
	return fs
		.readdirSync( target )
		.reduce(
			( newest, entry ) =>
				Math.max( newest, newestMtime( path.join( target, entry ) ) ),
			stat.mtimeMs
		);
}

function phpHasExtension( extension ) {
	const result = spawnSync( 'php', [
		'-r',
		`exit(extension_loaded('${ extension }') ? 0 : 1);`,
	] );
	return result.status === 0;
}

function phpVersion() {
	return spawnSync(
		'php',
		[ '-r', 'echo PHP_MAJOR_VERSION.".".PHP_MINOR_VERSION;' ],
		{ encoding: 'utf8' }
	).stdout.trim();
}

/**
 * Installs the Debian packages the test suite needs: MariaDB, Chromium, and PHP extensions for the running PHP.
 */
export async function ensureSystemPackages() {
	const php = phpVersion();
	const wanted = [
		[
			() =>
				commandExists( 'mariadbd' ) ||
				fs.existsSync( '/usr/sbin/mariadbd' ),
			[ 'mariadb-server', 'mariadb-client' ],
		],
		[
			() => commandExists( 'chromium' ),
			[ 'chromium', 'fonts-liberation' ],
		],
		[ () => phpHasExtension( 'mysqli' ), [ `php${ php }-mysql` ] ],
		[ () => phpHasExtension( 'pdo_sqlite' ), [ `php${ php }-sqlite3` ] ],
		[ () => phpHasExtension( 'curl' ), [ `php${ php }-curl` ] ],
		[ () => phpHasExtension( 'gd' ), [ `php${ php }-gd` ] ],
		[ () => phpHasExtension( 'zip' ), [ `php${ php }-zip` ] ],
		[ () => commandExists( 'composer' ), [ 'composer' ] ],
	];
	const missing = wanted
		.filter( ( [ present ] ) => ! present() )
		.flatMap( ( [ , packages ] ) => packages );
	if ( missing.length === 0 ) {
		return;
	}
	if ( process.getuid?.() !== 0 ) {
		throw new Error(
			`missing system packages; as root run: apt-get install -y ${ missing.join( ' ' ) }`
		);
	}
	log( `installing system packages: ${ missing.join( ' ' ) } …` );
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	await mustRun( 'apt-get', [ 'update', '-qq' ], { env } );
	await mustRun(
		'apt-get',
		[ 'install', '-y', '-qq', '--no-install-recommends', ...missing ],
		{ env }
	);
}
