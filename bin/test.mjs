#!/usr/bin/env node
// `npm test`: installs what is missing, runs every check against real parts, tears down what it started (also on
// failure) and ends with the line `N passed, N failed` summed over all runners.
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import {
	ensureBuild,
	ensureComposer,
	ensureNpm,
	ensureSystemPackages,
	ensureWpCli,
} from './lib/deps.mjs';
import { ARTIFACTS_DIR, port, ROOT } from './lib/paths.mjs';
import {
	log,
	run,
	startDetached,
	stopGroup,
	waitForPort,
} from './lib/process.mjs';
import {
	fromJestJson,
	fromPhpunitJunit,
	fromPlaywrightJson,
	fromSummaryLine,
} from './lib/results.mjs';
import { envFile, startSite, stopSite } from './lib/site.mjs';

const AI_PORT = port( 8191 );
const SITES = [ 'test', 'test-newest', 'test-sqlite' ];
const bin = ( name ) => path.join( ROOT, 'node_modules/.bin', name );
const results = [];
const cleanups = [];

function record( name, counts ) {
	results.push( { name, ...counts } );
	log(
		`${ name }: ${ counts.passed } passed, ${ counts.failed } failed${ counts.skipped ? `, ${ counts.skipped } skipped` : '' }`
	);
}

/** A check that passes or fails as a whole (type-check, lint). */
async function check( name, command, args, options = {} ) {
	log( `running ${ name } …` );
	const code = await run( command, args, { cwd: ROOT, ...options } );
	record(
		name,
		code === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 }
	);
}

/** A runner with a report file: counts come from the report; a missing report is one failure. */
async function suite( name, command, args, report, parse, options = {} ) {
	log( `running ${ name } …` );
	fs.rmSync( report, { force: true } );
	const code = await run( command, args, { cwd: ROOT, ...options } );
	let counts;
	try {
		counts = parse( report );
	} catch ( error ) {
		counts = { passed: 0, failed: 1, skipped: 0 };
		log( `${ name }: no usable report (${ error.message })` );
	}
	if ( code !== 0 && counts.failed === 0 ) {
		counts.failed = 1;
		log(
			`${ name } exited with ${ code } although its report shows no failure`
		);
	}
	record( name, counts );
}

/** Runs a script whose last line is `N passed, N failed`, echoing its output. */
function summaryScript( name, command, args, options = {} ) {
	log( `running ${ name } …` );
	return new Promise( ( resolve ) => {
		let output = '';
		const child = spawn( command, args, {
			cwd: ROOT,
			...options,
			stdio: [ 'ignore', 'pipe', 'pipe' ],
		} );
		const collect = ( stream, target ) =>
			stream.on( 'data', ( chunk ) => {
				output += chunk;
				target.write( chunk );
			} );
		collect( child.stdout, process.stdout );
		collect( child.stderr, process.stderr );
		child.on( 'close', ( code ) => {
			let counts;
			try {
				counts = fromSummaryLine( output );
			} catch {
				counts = { passed: 0, failed: 1, skipped: 0 };
			}
			if ( code !== 0 && counts.failed === 0 ) {
				counts.failed = 1;
			}
			record( name, counts );
			resolve();
		} );
	} );
}

async function startAiServer() {
	const pid = startDetached(
		bin( 'tsx' ),
		[ 'tools/ai-server/main.ts', '--port', String( AI_PORT ) ],
		{
			cwd: ROOT,
			logFile: path.join( ARTIFACTS_DIR, 'ai-server.log' ),
		}
	);
	cleanups.push( () => stopGroup( pid ) );
	await waitForPort( AI_PORT, 30000 );
	return `http://127.0.0.1:${ AI_PORT }/v1`;
}

async function main() {
	fs.rmSync( ARTIFACTS_DIR, { recursive: true, force: true } );
	fs.mkdirSync( ARTIFACTS_DIR, { recursive: true } );

	await ensureSystemPackages();
	await ensureNpm();
	await ensureComposer();
	await ensureWpCli();
	await ensureBuild( { force: true } );

	await check( 'TypeScript type-check', bin( 'tsc' ), [ '--noEmit' ] );
	await check( 'ESLint', bin( 'eslint' ), [
		'--max-warnings=0',
		'src',
		'tests/js',
		'tests/e2e',
		'tools',
		'bin',
		'types',
	] );
	await check( 'PHP lint', 'php', [ 'bin/php/lint.php' ] );
	await check( 'PHP coding standards (phpcs)', 'vendor/bin/phpcs', [ '-q' ] );
	await check( 'PHPStan', 'vendor/bin/phpstan', [
		'analyse',
		'--no-progress',
		'--memory-limit=1G',
	] );

	await suite(
		'Jest',
		bin( 'wp-scripts' ),
		[
			'test-unit-js',
			'--config',
			'tests/js/jest.config.js',
			'--json',
			`--outputFile=${ path.join( ARTIFACTS_DIR, 'jest.json' ) }`,
		],
		path.join( ARTIFACTS_DIR, 'jest.json' ),
		fromJestJson
	);

	for ( const name of SITES ) {
		cleanups.push( () => stopSite( name ) );
		await startSite( name );
	}
	const aiUrl = await startAiServer();
	const testEnv = {
		...process.env,
		IACP_ENV_FILE: envFile( 'test' ),
		IACP_NEWEST_ENV_FILE: envFile( 'test-newest' ),
		IACP_SQLITE_ENV_FILE: envFile( 'test-sqlite' ),
		IACP_AI_URL: aiUrl,
	};

	await suite(
		'PHPUnit',
		'vendor/bin/phpunit',
		[ '--log-junit', path.join( ARTIFACTS_DIR, 'phpunit.xml' ) ],
		path.join( ARTIFACTS_DIR, 'phpunit.xml' ),
		fromPhpunitJunit,
		{ env: testEnv }
	);
	await suite(
		'Playwright',
		bin( 'playwright' ),
		[ 'test', '--config', 'tests/e2e/playwright.config.ts' ],
		path.join( ARTIFACTS_DIR, 'playwright/results.json' ),
		fromPlaywrightJson,
		{ env: testEnv }
	);
	await summaryScript( 'plugin zip check', process.execPath, [
		'tests/start/plugin-zip.check.mjs',
	] );
	await summaryScript( 'npm start check', process.execPath, [
		'tests/start/npm-start.check.mjs',
	] );
}

let crashed = false;
try {
	await main();
} catch ( error ) {
	crashed = true;
	process.stderr.write(
		`[iacp] the test run stopped early: ${ error.stack || error.message }\n`
	);
	record( 'setup', { passed: 0, failed: 1 } );
} finally {
	for ( const cleanup of cleanups.reverse() ) {
		await cleanup().catch( ( error ) =>
			log( `cleanup: ${ error.message }` )
		);
	}
}

const total = results.reduce(
	( sum, r ) => ( {
		passed: sum.passed + r.passed,
		failed: sum.failed + r.failed,
		skipped: sum.skipped + ( r.skipped || 0 ),
	} ),
	{ passed: 0, failed: 0, skipped: 0 }
);
log(
	results
		.map( ( r ) => `${ r.name }: ${ r.passed }/${ r.passed + r.failed }` )
		.join( '; ' )
);
process.stdout.write(
	`${ total.passed } passed, ${ total.failed } failed${ total.skipped ? `, ${ total.skipped } skipped` : '' }\n`
);
process.exit( total.failed > 0 || crashed ? 1 : 0 );
