// A WordPress site on this machine with the plugin active: core from bin/lib/core.mjs, a private MariaDB (or
// SQLite), served by PHP's built-in server with several workers. Used by `npm run env:start` and by the tests.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
	installCore,
	releaseName,
	sqliteIntegrationDir,
	treeVersion,
	WP_BUILDS,
} from './core.mjs';
import { installSiteMuPlugins } from './mu-plugins.mjs';
import {
	createDatabase,
	DB_PASSWORD,
	DB_USER,
	mariadbPaths,
	startMariadb,
	stopMariadb,
} from './mariadb.mjs';
import { ENV_DIR, port, ROOT, WP_CLI, WP_CLI_BOOT } from './paths.mjs';
import {
	capture,
	isAlive,
	log,
	portIsFree,
	startDetached,
	stopGroup,
	waitForPort,
} from './process.mjs';

export const ADMIN_USER = 'admin';
export const ADMIN_PASSWORD = 'password';
export const SITE_DB_NAME = 'iacp_site';

/** The environments this project knows. `dev` is what `npm run env:start` leaves running. */
export const SITES = {
	dev: {
		build: WP_BUILDS.minimum,
		port: port( 8890 ),
		dbPort: port( 3390 ),
		database: 'mariadb',
	},
	test: {
		build: WP_BUILDS.minimum,
		port: port( 8891 ),
		dbPort: port( 3391 ),
		database: 'mariadb',
		testPlugins: true,
	},
	'test-newest': {
		build: WP_BUILDS.newest,
		port: port( 8892 ),
		dbPort: port( 3392 ),
		database: 'mariadb',
		testPlugins: true,
	},
	'test-sqlite': {
		build: WP_BUILDS.minimum,
		port: port( 8893 ),
		database: 'sqlite',
		testPlugins: true,
	},
	// tests/start/environment.check.mjs: a site whose environment folder other users cannot traverse.
	'private-check': {
		build: WP_BUILDS.minimum,
		port: port( 8896 ),
		dbPort: port( 3396 ),
		database: 'mariadb',
		testPlugins: true,
	},
	// `npm run bench`: its own site, with the bench-only job type.
	bench: {
		build: WP_BUILDS.minimum,
		port: port( 8895 ),
		dbPort: port( 3395 ),
		database: 'mariadb',
		benchPlugin: true,
	},
};

export function siteDir( name ) {
	return path.join( ENV_DIR, name );
}

export function envFile( name ) {
	return name === 'dev'
		? path.join( ENV_DIR, 'env.json' )
		: path.join( siteDir( name ), 'env.json' );
}

export function readEnv( name ) {
	const file = envFile( name );
	return fs.existsSync( file )
		? JSON.parse( fs.readFileSync( file, 'utf8' ) )
		: null;
}

function wpConfig( { dir, db, database, salts } ) {
	const lines = [
		'<?php',
		'// Written by bin/lib/site.mjs for a local IACP environment. IACP_DB_NAME lets tests point at their own database.',
		`define( 'DB_NAME', getenv( 'IACP_DB_NAME' ) ?: '${ SITE_DB_NAME }' );`,
		`define( 'DB_USER', '${ DB_USER }' );`,
		`define( 'DB_PASSWORD', '${ DB_PASSWORD }' );`,
		`define( 'DB_HOST', 'localhost:${ db?.socket ?? '' }' );`,
		"define( 'DB_CHARSET', 'utf8mb4' );",
		"define( 'DB_COLLATE', '' );",
		...salts.map(
			( [ key, value ] ) => `define( '${ key }', '${ value }' );`
		),
		"$table_prefix = 'wp_';",
		"define( 'WP_DEBUG', true );",
		`define( 'WP_DEBUG_LOG', getenv( 'IACP_DEBUG_LOG' ) ?: '${ path.join( dir, 'debug.log' ) }' );`,
		"define( 'WP_DEBUG_DISPLAY', false );",
		"define( 'WP_ENVIRONMENT_TYPE', 'local' );",
		// Offline machine: update checks would stall every admin page and cron run.
		"define( 'WP_HTTP_BLOCK_EXTERNAL', true );",
		"define( 'WP_ACCESSIBLE_HOSTS', 'localhost,127.0.0.1' );",
		"define( 'AUTOMATIC_UPDATER_DISABLED', true );",
		"define( 'WP_AUTO_UPDATE_CORE', false );",
		"if ( file_exists( __DIR__ . '/wp-config-local.php' ) ) { require __DIR__ . '/wp-config-local.php'; }",
		`if ( ! defined( 'ABSPATH' ) ) { define( 'ABSPATH', __DIR__ . '/' ); }`,
		"require_once ABSPATH . 'wp-settings.php';",
		'',
	];
	if ( database === 'sqlite' ) {
		lines.splice(
			2,
			6,
			`define( 'DB_DIR', '${ path.join( dir, 'sqlite' ) }' );`,
			"define( 'DB_FILE', getenv( 'IACP_DB_NAME' ) ?: 'site.sqlite' );",
			"define( 'DB_NAME', 'sqlite' );",
			"define( 'DB_USER', '' );",
			"define( 'DB_PASSWORD', '' );",
			"define( 'DB_HOST', '' );"
		);
	}
	return lines.join( '\n' );
}

function randomSalts() {
	return [
		'AUTH_KEY',
		'SECURE_AUTH_KEY',
		'LOGGED_IN_KEY',
		'NONCE_KEY',
		'AUTH_SALT',
		'SECURE_AUTH_SALT',
		'LOGGED_IN_SALT',
		'NONCE_SALT',
	].map( ( key ) => [ key, crypto.randomBytes( 32 ).toString( 'hex' ) ] );
}

/** Lays out the site's WordPress tree once: core copy, wp-config, the plugin linked in, test mu-plugins. */
export function prepareTree( name, spec, db = null ) {
	const dir = siteDir( name );
	const wpPath = path.join( dir, 'wordpress' );
	const fresh = treeVersion( wpPath ) === null;
	installCore( spec.build, wpPath );
	if ( fresh ) {
		log(
			`copied WordPress ${ treeVersion( wpPath ) } into ${ path.relative( ROOT, wpPath ) }`
		);
		fs.writeFileSync(
			path.join( wpPath, 'wp-config.php' ),
			wpConfig( {
				dir,
				db,
				database: spec.database,
				salts: randomSalts(),
			} )
		);
	}
	const pluginLink = path.join( wpPath, 'wp-content/plugins/iacp' );
	if ( spec.pluginDir ) {
		// An unpacked release instead of the working tree (the plugin-zip check).
		fs.rmSync( pluginLink, { recursive: true, force: true } );
		fs.cpSync( spec.pluginDir, pluginLink, { recursive: true } );
	} else if ( ! fs.existsSync( pluginLink ) ) {
		fs.symlinkSync( ROOT, pluginLink, 'dir' );
	}
	const muDir = installSiteMuPlugins( wpPath );
	const testMu = path.join( muDir, 'iacp-test-support.php' );
	if ( spec.testPlugins && ! fs.existsSync( testMu ) ) {
		fs.writeFileSync(
			testMu,
			`<?php\n// Test-only support (job types with countable side effects); never shipped.\nrequire '${ path.join( ROOT, 'tests/support/mu-plugin/iacp-test-support.php' ) }';\n`
		);
	}
	const benchMu = path.join( muDir, 'iacp-bench.php' );
	if ( spec.benchPlugin && ! fs.existsSync( benchMu ) ) {
		fs.writeFileSync(
			benchMu,
			`<?php\n// Bench-only support (the bench_noop job type); never shipped.\nrequire '${ path.join( ROOT, 'bin/bench/mu-plugin.php' ) }';\n`
		);
	}
	if ( spec.database === 'sqlite' ) {
		const integration = sqliteIntegrationDir();
		const dropIn = fs
			.readFileSync( path.join( integration, 'db.copy' ), 'utf8' )
			.replaceAll( '{SQLITE_IMPLEMENTATION_FOLDER_PATH}', integration )
			.replaceAll(
				'{SQLITE_PLUGIN}',
				'sqlite-database-integration/load.php'
			);
		fs.writeFileSync( path.join( wpPath, 'wp-content/db.php' ), dropIn );
		fs.mkdirSync( path.join( dir, 'sqlite' ), { recursive: true } );
	}
	return wpPath;
}

/** Installs WordPress into a database (when empty) and activates the plugin; returns the install script's JSON. */
export function installWordPress( { php = 'php', wpPath, url, dbName } ) {
	const out = capture(
		php,
		[
			path.join( ROOT, 'bin/php/install-wordpress.php' ),
			wpPath,
			url,
			ADMIN_USER,
			ADMIN_PASSWORD,
		],
		{
			env: {
				...process.env,
				...( dbName ? { IACP_DB_NAME: dbName } : {} ),
			},
		}
	);
	return JSON.parse( out.split( '\n' ).pop() );
}

/** Starts (or finds running) a named site and returns its environment description, also written to env.json. */
export async function startSite( name, overrides = {} ) {
	const spec = { ...SITES[ name ], ...overrides };
	if ( ! spec.build ) {
		throw new Error( `unknown environment "${ name }"` );
	}
	const dir = siteDir( name );
	fs.mkdirSync( dir, { recursive: true } );
	const url = `http://127.0.0.1:${ spec.port }`;
	const db = mariadbPaths( dir, spec.dbPort );
	const wpPath = prepareTree( name, spec, db );

	if ( spec.database === 'mariadb' ) {
		await startMariadb( db );
		createDatabase( db, SITE_DB_NAME );
	}

	const serverPidFile = path.join( dir, 'server.pid' );
	const running =
		fs.existsSync( serverPidFile ) &&
		isAlive( Number( fs.readFileSync( serverPidFile, 'utf8' ) ) );
	const previous = readEnv( name );
	const install = installWordPress( { wpPath, url } );
	if ( ! running ) {
		if ( ! ( await portIsFree( spec.port ) ) ) {
			throw new Error(
				`port ${ spec.port } is taken by another program; stop it, or move every port with IACP_PORT_OFFSET`
			);
		}
		const pid = startDetached(
			'php',
			[
				'-S',
				`127.0.0.1:${ spec.port }`,
				'-t',
				wpPath,
				path.join( ROOT, 'bin/php/router.php' ),
			],
			{
				logFile: path.join( dir, 'server.log' ),
				// Several workers: with one, WordPress's loopback request to wp-cron.php deadlocks; and each open
				// event stream, kick runner and cron run holds a worker while two browsers work in parallel.
				env: { PHP_CLI_SERVER_WORKERS: '8' },
			}
		);
		fs.writeFileSync( serverPidFile, String( pid ) );
		await waitForPort( spec.port );
	}

	const env = {
		name,
		url,
		wp_version: releaseName( treeVersion( wpPath ) ),
		wp_path: wpPath,
		plugin_path: ROOT,
		debug_log: path.join( dir, 'debug.log' ),
		admin: {
			user: ADMIN_USER,
			password: ADMIN_PASSWORD,
			application_password:
				install.application_password ||
				previous?.admin?.application_password ||
				'',
		},
		db:
			spec.database === 'mariadb'
				? {
						engine: 'mariadb',
						host: '127.0.0.1',
						port: spec.dbPort,
						socket: db.socket,
						name: SITE_DB_NAME,
						user: DB_USER,
						password: DB_PASSWORD,
					}
				: {
						engine: 'sqlite',
						file: path.join( dir, 'sqlite', 'site.sqlite' ),
					},
		php: capture( 'php', [ '-r', 'echo PHP_BINARY;' ] ),
		wp_cli: WP_CLI,
		wp_cli_boot: WP_CLI_BOOT,
	};
	fs.writeFileSync( envFile( name ), JSON.stringify( env, null, 2 ) + '\n' );
	return env;
}

export async function stopSite( name ) {
	const dir = siteDir( name );
	const serverPidFile = path.join( dir, 'server.pid' );
	if ( fs.existsSync( serverPidFile ) ) {
		await stopGroup( Number( fs.readFileSync( serverPidFile, 'utf8' ) ) );
		fs.rmSync( serverPidFile, { force: true } );
	}
	const spec = SITES[ name ];
	if ( spec?.database === 'mariadb' && fs.existsSync( dir ) ) {
		await stopMariadb( mariadbPaths( dir, spec.dbPort ) );
	}
}
