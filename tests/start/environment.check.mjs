#!/usr/bin/env node
// Scripted checks of the environment scripts on a machine as a newcomer has it:
// - a checkout in a folder other users cannot traverse (a 0700 home, mktemp -d): a site with its private MariaDB,
//   WordPress and the real WP-CLI starts there, answers, and stops;
// - a missing WordPress 7.1 or WP-CLI archive stops the start with a message naming what and where, never a skip.
// Prints `ok - …` / `not ok - …` lines and `N passed, N failed`.
//
// Run: node tests/start/environment.check.mjs
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'../..'
);
const SITE = 'private-check';

let passed = 0;
let failed = 0;
function check( name, condition, detail = '' ) {
	if ( condition ) {
		passed++;
		process.stdout.write( `ok - ${ name }\n` );
	} else {
		failed++;
		process.stdout.write(
			`not ok - ${ name }${ detail ? ` (${ detail })` : '' }\n`
		);
	}
	return condition;
}

/** `node bin/env.mjs …` with extra environment; returns { code, output }. */
function envScript( args, env ) {
	const result = spawnSync( process.execPath, [ 'bin/env.mjs', ...args ], {
		cwd: ROOT,
		env: { ...process.env, ...env },
		encoding: 'utf8',
		timeout: 5 * 60 * 1000,
	} );
	return {
		code: result.status,
		output: `${ result.stdout ?? '' }${ result.stderr ?? '' }`,
	};
}

function lastLine( text ) {
	return text.trim().split( '\n' ).pop() ?? '';
}

const scratch = fs.mkdtempSync( path.join( os.tmpdir(), 'iacp-env-check-' ) );
let privateEnv = null; // set once the private site may have started something
try {
	// A missing archive names itself and the variable that moves it, and starts nothing.
	for ( const [ what, variable, site ] of [
		[ 'WordPress 7.1.0', 'IACP_WP_ARCHIVE', 'test-newest' ],
		[ 'WP-CLI', 'IACP_WP_CLI_ARCHIVE', 'test' ],
	] ) {
		const nowhere = path.join( scratch, `no-${ variable }.tar.gz` );
		const { code, output } = envScript( [ 'start', site ], {
			[ variable ]: nowhere,
			IACP_ENV_DIR: path.join( scratch, `env-${ variable }` ),
		} );
		check(
			`without its archive, ${ what } stops the start and says what is missing and where (${ variable })`,
			code !== 0 &&
				output.includes( `${ what } is missing` ) &&
				output.includes( nowhere ) &&
				output.includes( variable ),
			`exit ${ code }: ${ lastLine( output ) }`
		);
	}

	// The checkout's folder: mode 0700, like a root home or any mktemp -d.
	const privateDir = fs.mkdtempSync( path.join( scratch, 'home-' ) );
	fs.chmodSync( privateDir, 0o700 );
	const envDir = path.join( privateDir, 'checkout/.iacp-env' );
	const mode = fs.statSync( privateDir ).mode.toString( 8 ).slice( -3 );
	const others = spawnSync( 'runuser', [
		'-u',
		'mysql',
		'--',
		'test',
		'-x',
		privateDir,
	] );
	check(
		'the folder is private: mode 0700, and the mysql user cannot enter it',
		mode === '700' && others.status === 1,
		`mode ${ mode }, runuser exit ${ others.status }`
	);

	const env = { IACP_ENV_DIR: envDir };
	privateEnv = env;
	const started = envScript( [ 'start', SITE ], env );
	check(
		'a site with its private MariaDB starts inside that folder',
		started.code === 0,
		lastLine( started.output )
	);
	const file = path.join( envDir, SITE, 'env.json' );
	const site = fs.existsSync( file )
		? JSON.parse( fs.readFileSync( file, 'utf8' ) )
		: null;
	if ( site ) {
		check(
			'its database files live inside the private folder',
			fs.existsSync( path.join( envDir, SITE, 'mysql/mysql' ) ) &&
				site.db.socket.startsWith( privateDir )
		);
		const auth = Buffer.from(
			`${ site.admin.user }:${ site.admin.application_password }`
		).toString( 'base64' );
		const response = await fetch( `${ site.url }/wp-json/iacp/v1/jobs`, {
			method: 'POST',
			headers: {
				Authorization: `Basic ${ auth }`,
				'Content-Type': 'application/json',
			},
			body: JSON.stringify( { type: 'test_noop', input: {} } ),
			signal: AbortSignal.timeout( 30000 ),
		} ).catch( ( error ) => ( { status: 0, error } ) );
		check(
			'WordPress answers and stores a job in that database (POST /iacp/v1/jobs → 202)',
			response.status === 202,
			`status ${ response.status }`
		);
		const cli = spawnSync(
			'php',
			[
				site.wp_cli_boot,
				'--allow-root',
				`--path=${ site.wp_path }`,
				'iacp',
				'jobs',
				'list',
				'--format=count',
			],
			{ encoding: 'utf8', timeout: 60000 }
		);
		check(
			'the real WP-CLI reads it back (wp iacp jobs list --format=count)',
			cli.status === 0 && Number( cli.stdout.trim() ) >= 1,
			`exit ${ cli.status }: ${ cli.stdout.trim() } ${ cli.stderr.trim() }`
		);
	} else {
		check( 'the start wrote its env.json', false, file );
	}
	const stopped = envScript( [ 'stop', SITE ], env );
	privateEnv = null;
	const socket = site?.db?.socket ?? '';
	check(
		'the site and its MariaDB stop',
		stopped.code === 0 && ! fs.existsSync( socket ),
		lastLine( stopped.output )
	);
} catch ( error ) {
	check( 'the environment check ran to the end', false, error.message );
} finally {
	if ( privateEnv ) {
		envScript( [ 'stop', SITE ], privateEnv );
	}
	fs.rmSync( scratch, { recursive: true, force: true } );
}
process.stdout.write( `${ passed } passed, ${ failed } failed\n` );
process.exit( failed === 0 && passed > 0 ? 0 : 1 );
