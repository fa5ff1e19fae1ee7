#!/usr/bin/env node
// `npm start`: installs what is missing, builds, and runs a persistent demo WordPress with the plugin active on
// WordPress Playground (PHP in WebAssembly, SQLite), plus the local test AI server. Ctrl-C stops everything.
//
// Env: IACP_PORT (default 8888), IACP_AI_PORT (8181), IACP_PLAYGROUND_DIR (.iacp-env/playground), IACP_WP_ARCHIVE
// (the WordPress 7.1 archive; default ../shared/wordpress/wordpress-7.1.0.tar.gz, else the demo runs 6.5.5).
// Only Node builtins and bin/lib files here: node_modules may not exist yet.
import fs from 'node:fs';
import path from 'node:path';
import { ensureBuild, ensureComposer, ensureNpm } from './lib/deps.mjs';
import { wpArchivePath } from './lib/core.mjs';
import { switchToToolNode } from './lib/node.mjs';
import { ROOT } from './lib/paths.mjs';
import { log, portIsFree } from './lib/process.mjs';
import {
	ADMIN,
	AI_SERVER_ENTRY,
	clearPids,
	playgroundDir,
	startAiServer,
	startPlayground,
	stopLeftovers,
	writePids,
} from './lib/playground.mjs';

const startedAt = Date.now();
const port = Number( process.env.IACP_PORT || 8888 );
const aiPort = Number( process.env.IACP_AI_PORT || 8181 );
const dir = playgroundDir();
const running = []; // { name, stop } of what this start launched, stopped in reverse order.
let stopping = false;

function fail( message ) {
	process.stderr.write( `[iacp] ${ message }\n` );
	return shutdown( 1 );
}

async function shutdown( code ) {
	if ( stopping ) {
		return;
	}
	stopping = true;
	if ( running.length > 0 ) {
		log( 'stopping …' );
	}
	for ( const { name, stop } of running.reverse() ) {
		await stop();
		log( `stopped ${ name }` );
	}
	if ( running.length > 0 ) {
		clearPids( dir );
	}
	process.exit( code );
}

process.on( 'SIGINT', () => shutdown( 0 ) );
process.on( 'SIGTERM', () => shutdown( 0 ) );
process.on( 'SIGHUP', () => shutdown( 0 ) );
// `kill <npm pid>` ends npm and its `sh -c` without passing the signal on to us: stop when our parent goes away.
const parent = process.ppid;
setInterval( () => process.ppid !== parent && shutdown( 0 ), 500 ).unref();

try {
	await stopLeftovers( dir );
	for ( const [ what, p, env ] of [
		[ 'WordPress', port, 'IACP_PORT' ],
		[ 'the test AI server', aiPort, 'IACP_AI_PORT' ],
	] ) {
		if ( ! ( await portIsFree( p ) ) ) {
			await fail(
				`port ${ p } (for ${ what }) is already in use — is another \`npm start\` running? Stop it, or pick another port: ${ env }=NNNN npm start`
			);
		}
	}

	await ensureNpm();
	const tool = switchToToolNode();
	await ensureComposer();
	try {
		await ensureBuild();
	} catch ( error ) {
		if ( ! fs.existsSync( path.join( ROOT, 'build/editor.asset.php' ) ) ) {
			throw error;
		}
		log(
			`WARNING: the front-end build failed (${ error.message }); serving the previous build.`
		);
	}

	const pids = {};
	const track =
		( name, key ) =>
		( { pid, stop } ) => {
			running.push( { name, stop } );
			pids[ key ] = pid;
			writePids( dir, pids );
		};
	const ai = await startAiServer( {
		port: aiPort,
		dir,
		onSpawn: track( 'the test AI server', 'ai' ),
	} );
	if ( ! ai ) {
		log(
			`not starting the local test AI server: ${ path.relative( ROOT, AI_SERVER_ENTRY ) } does not exist yet.`
		);
	}
	const wp = await startPlayground( {
		port,
		aiBaseUrl: ai?.url ?? null,
		dir,
		onSpawn: track( 'WordPress Playground', 'playground' ),
	} );

	const seconds = ( ( Date.now() - startedAt ) / 1000 ).toFixed( 1 );
	for ( const line of [
		`WordPress is ready (${ seconds } s): ${ wp.adminUrl }`,
		`  user: ${ ADMIN.user }`,
		`  password: ${ ADMIN.password }`,
		`  site: ${ wp.url }/`,
		`  WordPress ${ wp.wordpress.version }, from ${ wp.wordpress.source === 'its release archive' ? `its release archive (${ wpArchivePath() })` : wp.wordpress.source }`,
		...( wp.wordpress.updatedFrom
			? [
					`  updated from WordPress ${ wp.wordpress.updatedFrom }: core files replaced, database upgraded, content kept`,
				]
			: [] ),
		`  Node ${ tool.version } (${ tool.why })`,
		ai
			? `  local test AI endpoint (not a real AI): ${ ai.url }`
			: '  local test AI endpoint (not a real AI): not running',
		`  site data (kept across restarts; delete the folder to start over): ${ path.relative( ROOT, dir ) }`,
		`  logs: ${ path.relative( ROOT, path.dirname( wp.logFile ) ) }/`,
		'Press Ctrl-C to stop.',
	] ) {
		log( line );
	}

	const ended = await Promise.race( [
		wp.exited.then(
			( r ) => `WordPress Playground exited (${ r.signal ?? r.code })`
		),
		...( ai
			? [
					ai.exited.then(
						( r ) =>
							`the test AI server exited (${ r.signal ?? r.code })`
					),
				]
			: [] ),
	] );
	if ( ! stopping ) {
		await fail(
			`${ ended } on its own; see the logs in ${ path.relative( ROOT, path.dirname( wp.logFile ) ) }/`
		);
	}
} catch ( error ) {
	await fail( error.message );
}
