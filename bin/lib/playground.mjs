// The zero-install demo site: the newest WordPress available (7.1 from its archive, else 6.5.5 from the npm builds) on
// WordPress Playground's CLI (PHP in WebAssembly, SQLite), with this repo mounted as the plugin, plus the local test AI
// server. Used by `npm start` and tests/start/npm-start.check.mjs.
//
// Persistence: the assembled core is copied once into <site dir>/wordpress, and that host folder is mounted at
// /wordpress before install. Playground installs into it the first time (wp-config.php and the SQLite database
// wp-content/database/.ht.sqlite land on the host) and reuses it afterwards (--wordpress-install-mode
// install-from-existing-files-if-needed), so content survives restarts. A site made on an older core gets the newer
// core's files (wp-content kept) and, on boot, WordPress's database upgrade. Delete the site dir to start over.
//
// Only Node builtins and other bin/lib files at top level: this runs before node_modules may exist.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
	coreDir,
	installCore,
	newestCoreMissing,
	releaseName,
	treeVersion,
	WP_BUILDS,
} from './core.mjs';
import { installSiteMuPlugins } from './mu-plugins.mjs';
import { toolNode } from './node.mjs';
import { ENV_DIR, ROOT } from './paths.mjs';
import { isAlive, log, sleep, stopGroup, waitForPort } from './process.mjs';

export const PLUGIN_SLUG = 'iacp';
/** PHP inside Playground; the same minor as the host PHP the tests use. */
export const PLAYGROUND_PHP = '8.2';
export const ADMIN = { user: 'admin', password: 'password' }; // Playground's installer creates this account.

const CLI = path.join(
	ROOT,
	'node_modules/@wp-playground/cli/wp-playground.js'
);
const TSX = path.join( ROOT, 'node_modules/.bin/tsx' );
export const AI_SERVER_ENTRY = path.join( ROOT, 'tools/ai-server/main.ts' );

/** Where the persistent demo site lives: IACP_PLAYGROUND_DIR (relative to the repo) or .iacp-env/playground. */
export function playgroundDir( dir = process.env.IACP_PLAYGROUND_DIR ) {
	return dir ? path.resolve( ROOT, dir ) : path.join( ENV_DIR, 'playground' );
}

/** The command line that serves the site; exported so the README and the check can show it. */
export function playgroundArgs( { port, dir } ) {
	return [
		'server',
		`--port=${ port }`,
		`--php=${ PLAYGROUND_PHP }`,
		// The default on a 2-core machine is 1 worker, and a single worker blocks WordPress's loopback requests
		// (wp-cron spawning, background jobs calling the site itself).
		'--workers=3',
		'--wordpress-install-mode=install-from-existing-files-if-needed',
		`--mount-before-install=${ path.join( dir, 'wordpress' ) }:/wordpress`,
		`--mount=${ ROOT }:/wordpress/wp-content/plugins/${ PLUGIN_SLUG }`,
		`--blueprint=${ path.join( dir, 'blueprint.json' ) }`,
		'--define',
		'WP_ENVIRONMENT_TYPE',
		'local',
		// Offline: without it, update checks to wordpress.org stall cron and admin pages.
		'--define-bool',
		'WP_HTTP_BLOCK_EXTERNAL',
		'true',
	];
}

/** Which core the demo runs: { build, source } — the newest release when its archive is there, and why not. */
export function demoCore() {
	const missing = newestCoreMissing();
	return missing
		? {
				build: WP_BUILDS.minimum,
				source: `the npm builds, because ${ missing }`,
			}
		: { build: WP_BUILDS.newest, source: 'its release archive' };
}

/**
 * Makes <dir>/wordpress hold a site folder: a copy of the assembled core the first time, the existing site after
 * (its core updated when an older one). A copy whose first boot never finished (no .iacp-installed marker) is
 * thrown away and made again. Returns { version, updatedFrom }.
 */
function prepareSite( dir, { aiBaseUrl, build } ) {
	const wordpress = path.join( dir, 'wordpress' );
	let updatedFrom = null;
	if ( ! fs.existsSync( path.join( dir, '.iacp-installed' ) ) ) {
		log(
			`creating the demo site in ${ path.relative( ROOT, wordpress ) } …`
		);
		fs.rmSync( wordpress, { recursive: true, force: true } );
		fs.rmSync( `${ wordpress }.tmp`, { recursive: true, force: true } );
		fs.mkdirSync( dir, { recursive: true } );
		installCore( build, `${ wordpress }.tmp` );
		fs.renameSync( `${ wordpress }.tmp`, wordpress );
	} else {
		updatedFrom = installCore( build, wordpress );
	}
	const muPlugins = installSiteMuPlugins( wordpress );
	fs.writeFileSync(
		path.join( muPlugins, 'iacp-demo.php' ),
		demoMuPlugin( aiBaseUrl )
	);
	// Runs on every boot; activating an active plugin is a no-op. preferredVersions.php is what actually picks
	// the PHP version: with a --blueprint file, the CLI's --php flag alone is ignored (it boots PHP 8.5).
	const blueprint = {
		preferredVersions: { php: PLAYGROUND_PHP, wp: 'latest' },
		steps: [
			{
				// A site whose core was updated gets WordPress's database upgrade, as wp-admin/upgrade.php runs it.
				step: 'runPHP',
				code: "<?php require '/wordpress/wp-load.php'; if ( (int) get_option( 'db_version' ) < (int) $GLOBALS['wp_db_version'] ) { require_once ABSPATH . 'wp-admin/includes/upgrade.php'; wp_upgrade(); }",
			},
			{
				step: 'activatePlugin',
				pluginPath: `${ PLUGIN_SLUG }/plugin.php`,
			},
		],
	};
	fs.writeFileSync(
		path.join( dir, 'blueprint.json' ),
		JSON.stringify( blueprint, null, '\t' ) + '\n'
	);
	return {
		version: releaseName( treeVersion( wordpress ) ),
		updatedFrom: updatedFrom && releaseName( updatedFrom ),
	};
}

function demoMuPlugin( aiBaseUrl ) {
	const hook = aiBaseUrl
		? `if ( ! defined( 'IACP_DEMO_AI_BASE_URL' ) ) {\n\tdefine( 'IACP_DEMO_AI_BASE_URL', '${ aiBaseUrl }' );\n}\n// The test server wants some bearer token; this one opens nothing else.\nif ( ! defined( 'IACP_API_KEY' ) ) {\n\tdefine( 'IACP_API_KEY', 'local-test-server' );\n}\n`
		: `// The local test AI server was not started (tools/ai-server/main.ts missing), so IACP_DEMO_AI_BASE_URL is not defined.\n`;
	return `<?php
/**
 * Demo site only, rewritten by \`npm start\` (bin/lib/playground.mjs) on every start: edits here are lost.
 *
 * Hook point for the plugin: IACP_DEMO_AI_BASE_URL is the OpenAI-compatible base URL of the local test AI
 * server (tools/ai-server) — a deterministic fake for demos and tests, not a real AI. No secrets here.
 *
 * @package IACP
 */

${ hook }`;
}

function tail( file, lines = 40 ) {
	try {
		return fs
			.readFileSync( file, 'utf8' )
			.trimEnd()
			.split( '\n' )
			.slice( -lines )
			.join( '\n' );
	} catch {
		return '(no log)';
	}
}

/** Spawns a long-running command in its own process group, output appended to a log file. */
function spawnLogged( command, args, logFile, env = {} ) {
	fs.mkdirSync( path.dirname( logFile ), { recursive: true } );
	const out = fs.openSync( logFile, 'a' );
	fs.writeSync(
		out,
		`\n--- ${ new Date().toISOString() } ${ command } ${ args.join( ' ' ) }\n`
	);
	const child = spawn( command, args, {
		cwd: ROOT,
		detached: true,
		stdio: [ 'ignore', out, out ],
		env: { ...process.env, ...env },
	} );
	fs.closeSync( out );
	const exited = new Promise( ( resolve ) =>
		child.once( 'exit', ( code, signal ) => resolve( { code, signal } ) )
	);
	return { child, exited };
}

async function fetchStatus( url ) {
	try {
		const response = await fetch( url, {
			redirect: 'manual',
			signal: AbortSignal.timeout( 30000 ),
		} );
		await response.arrayBuffer();
		return response.status;
	} catch {
		return 0;
	}
}

/**
 * Starts the demo site and resolves once WordPress answers. Returns { url, adminUrl, pid, exited, stop() }.
 * `exited` resolves if Playground ends on its own. onSpawn({ pid, stop }) is called as soon as the process exists,
 * so a caller can stop it if interrupted during the boot.
 */
export async function startPlayground( {
	port,
	aiBaseUrl = null,
	dir = playgroundDir(),
	timeoutMs = 300000,
	onSpawn = () => {},
} ) {
	const core = demoCore();
	const site = prepareSite( dir, { aiBaseUrl, build: core.build } );
	const logFile = path.join( dir, 'logs/playground.log' );
	const args = playgroundArgs( { port, dir } );
	log(
		`starting WordPress Playground on port ${ port } (log: ${ path.relative( ROOT, logFile ) }) …`
	);
	// Playground's packages declare Node >= 24.18: run it on the tools' Node (bin/lib/node.mjs).
	const { child, exited } = spawnLogged(
		toolNode().node,
		[ CLI, ...args ],
		logFile
	);
	let gone = null;
	exited.then( ( result ) => ( gone = result ) );
	const stop = () => stopGroup( child.pid, 10000 );
	onSpawn( { pid: child.pid, stop } );

	const url = `http://127.0.0.1:${ port }`;
	const deadline = Date.now() + timeoutMs;
	// While booting, Playground's HTTP front answers every request with a 302 to itself; wait for WordPress.
	while ( ( await fetchStatus( `${ url }/wp-login.php` ) ) !== 200 ) {
		if ( gone ) {
			throw new Error(
				`Playground exited (${ gone.signal ?? gone.code }) before WordPress answered. Last lines of ${ logFile }:\n${ tail( logFile ) }`
			);
		}
		if ( Date.now() > deadline ) {
			await stop();
			throw new Error(
				`WordPress did not answer on ${ url } within ${ timeoutMs / 1000 } s. Last lines of ${ logFile }:\n${ tail( logFile ) }`
			);
		}
		await sleep( 250 );
	}
	fs.writeFileSync(
		path.join( dir, '.iacp-installed' ),
		new Date().toISOString()
	);
	return {
		url,
		adminUrl: `${ url }/wp-admin/`,
		pid: child.pid,
		exited,
		stop,
		logFile,
		wordpress: {
			...site,
			// What the site runs, and from where: the newest release, the npm builds (and why), or its own newer core.
			source:
				site.version ===
				releaseName( treeVersion( coreDir( core.build ) ) )
					? core.source
					: 'the site’s own core (newer than the available one)',
		},
	};
}

/** Starts tools/ai-server on a port; resolves once it listens. Returns { url, pid, exited, stop() }, or null if absent. */
export async function startAiServer( {
	port,
	dir = playgroundDir(),
	timeoutMs = 60000,
	onSpawn = () => {},
} ) {
	if ( ! fs.existsSync( AI_SERVER_ENTRY ) ) {
		return null;
	}
	const logFile = path.join( dir, 'logs/ai-server.log' );
	log(
		`starting the local test AI server on port ${ port } (log: ${ path.relative( ROOT, logFile ) }) …`
	);
	const { child, exited } = spawnLogged(
		TSX,
		[ AI_SERVER_ENTRY, '--port', String( port ) ],
		logFile
	);
	const stop = () => stopGroup( child.pid, 5000 );
	onSpawn( { pid: child.pid, stop } );
	const failed = exited.then( ( { code, signal } ) => {
		throw new Error(
			`the AI server exited (${ signal ?? code }) at start. Last lines of ${ logFile }:\n${ tail( logFile ) }`
		);
	} );
	try {
		await Promise.race( [ waitForPort( port, timeoutMs ), failed ] );
	} catch ( error ) {
		await stop();
		throw error;
	}
	failed.catch( () => {} );
	return {
		url: `http://127.0.0.1:${ port }/v1`,
		pid: child.pid,
		exited,
		stop,
		logFile,
	};
}

/** Remembers what a start launched (and which start: owner), so the next start can clean up after one killed with -9. */
export function writePids( dir, pids ) {
	fs.mkdirSync( dir, { recursive: true } );
	fs.writeFileSync(
		path.join( dir, 'pids.json' ),
		JSON.stringify( { owner: process.pid, ...pids } )
	);
}

export function clearPids( dir ) {
	fs.rmSync( path.join( dir, 'pids.json' ), { force: true } );
}

/** A process's command line; empty when it is gone, or a zombie, or another OS without /proc. */
function commandLine( pid ) {
	try {
		return fs.readFileSync( `/proc/${ pid }/cmdline`, 'utf8' );
	} catch {
		return '';
	}
}

/** Stops processes an earlier start left behind when it died without cleaning up (only if they still look like ours). */
export async function stopLeftovers( dir ) {
	const file = path.join( dir, 'pids.json' );
	if ( ! fs.existsSync( file ) ) {
		return;
	}
	let pids = {};
	try {
		pids = JSON.parse( fs.readFileSync( file, 'utf8' ) );
	} catch {}
	const { owner, ...children } = pids;
	if ( /start\.mjs/.test( commandLine( owner ) ) ) {
		return; // That start is still running and owns them; the port check will say so.
	}
	for ( const [ name, pid ] of Object.entries( children ) ) {
		if (
			isAlive( pid ) &&
			/wp-playground|ai-server/.test( commandLine( pid ) )
		) {
			log(
				`stopping ${ name } (pid ${ pid }) left over from an earlier start …`
			);
			await stopGroup( pid );
		}
	}
	clearPids( dir );
}
