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
import { assembleCore, newestCoreMissing, WP_BUILDS } from './lib/core.mjs';
import { collectDirectoryScreenshots } from './lib/directory-screenshots.mjs';
import { switchToToolNode } from './lib/node.mjs';
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
	fromPlaywrightJsonByProject,
	fromSummaryLine,
} from './lib/results.mjs';
import { envFile, readEnv, startSite, stopSite } from './lib/site.mjs';

const AI_PORT = port( 8191 );
/** The two WordPress versions every suite runs on: the minimum (6.5.5) and the newest final release (7.1.0). */
const WP_SITES = [
	{ site: 'test', build: WP_BUILDS.minimum, label: 'WP 6.5.5' },
	{ site: 'test-newest', build: WP_BUILDS.newest, label: 'WP 7.1.0' },
];
const bin = ( name ) => path.join( ROOT, 'node_modules/.bin', name );
const results = [];
const cleanups = [];
let toolNode = process.execPath;

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
	const tool = switchToToolNode();
	log( `JavaScript tools run on Node ${ tool.version } (${ tool.why })` );
	toolNode = tool.node;
	await ensureComposer();
	await ensureWpCli();
	await ensureBuild( { force: true } );

	// `npm ci` is what CI systems run: it refuses a lock file out of step with package.json.
	await check( 'package-lock.json in sync (npm ci --dry-run)', 'npm', [
		'ci',
		'--dry-run',
		'--ignore-scripts',
		'--no-audit',
		'--no-fund',
		'--loglevel=error',
	] );
	// The `node` that children find on PATH (npm, tsx, wp-scripts, playwright) meets package.json's engines.
	await check( `JavaScript tools on Node ${ tool.version }`, 'node', [
		'--input-type=module',
		'-e',
		"import { requiredNode, versionAtLeast } from './bin/lib/node.mjs'; process.exit( versionAtLeast( process.versions.node, requiredNode() ) ? 0 : 1 );",
	] );
	await check( 'TypeScript type-check', bin( 'tsc' ), [ '--noEmit' ] );
	await check( 'ESLint', bin( 'eslint' ), [
		'--max-warnings=0',
		'src',
		'tests/js',
		'tests/e2e',
		'tests/start',
		'tools',
		'bin',
		'types',
	] );
	await check( 'PHP lint', 'php', [ 'bin/php/lint.php' ] );
	await check( 'PHP coding standards (phpcs)', 'vendor/bin/phpcs', [ '-q' ] );
	// PHPStan reads the core AI client (WordPress 7.0+), which the connector classes extend, from the newest core.
	if ( ! newestCoreMissing() ) {
		assembleCore( WP_BUILDS.newest );
	}
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

	// The newest release comes from an archive no registry serves: without it, its part fails (never skips).
	const missing = newestCoreMissing();
	const versions = WP_SITES.filter( ( { build } ) =>
		missing ? build !== WP_BUILDS.newest : true
	);
	if ( missing ) {
		log( `${ missing } — every WP 7.1.0 part of this run fails.` );
		for ( const runner of [
			'PHPUnit',
			'Playwright',
			'plugin zip check',
		] ) {
			record( `${ runner } (WP 7.1.0)`, { passed: 0, failed: 1 } );
		}
	}
	for ( const name of [
		...versions.map( ( v ) => v.site ),
		'test-sqlite',
	] ) {
		cleanups.push( () => stopSite( name ) );
		await startSite( name );
	}
	for ( const { site, label } of versions ) {
		const running = `WP ${ readEnv( site ).wp_version }`;
		if ( running !== label ) {
			throw new Error(
				`the ${ site } site runs ${ running }, not ${ label }`
			);
		}
	}
	const aiUrl = await startAiServer();
	const testEnv = {
		...process.env,
		IACP_ENV_FILE: envFile( 'test' ),
		IACP_NEWEST_ENV_FILE: envFile( 'test-newest' ),
		IACP_SQLITE_ENV_FILE: envFile( 'test-sqlite' ),
		IACP_E2E_SITES: versions.map( ( v ) => v.site ).join( ',' ),
		IACP_AI_URL: aiUrl,
	};

	// The whole PHP suite on each version; the bootstrap loads the site IACP_ENV_FILE names.
	for ( const { site, label } of versions ) {
		const report = path.join( ARTIFACTS_DIR, `phpunit-${ site }.xml` );
		await suite(
			`PHPUnit (${ label })`,
			'vendor/bin/phpunit',
			[ '--log-junit', report ],
			report,
			fromPhpunitJunit,
			{ env: { ...testEnv, IACP_ENV_FILE: envFile( site ) } }
		);
	}
	await playwright( versions, testEnv );
	// readme.txt's screenshots are the e2e suite's own screens.
	const screenshotProblems = collectDirectoryScreenshots();
	for ( const problem of screenshotProblems ) {
		log( `plugin directory screenshots: ${ problem }` );
	}
	record( 'plugin directory screenshots (from e2e)', {
		passed: screenshotProblems.length === 0 ? 1 : 0,
		failed: screenshotProblems.length === 0 ? 0 : 1,
	} );
	for ( const { build, label } of versions ) {
		await summaryScript( `plugin zip check (${ label })`, toolNode, [
			'tests/start/plugin-zip.check.mjs',
			build,
		] );
	}
	await summaryScript( 'environment check', toolNode, [
		'tests/start/environment.check.mjs',
	] );
	await summaryScript( 'npm start check', toolNode, [
		'tests/start/npm-start.check.mjs',
	] );
}

/** One Playwright run over both versions (one project each); counted per version. */
async function playwright( versions, env ) {
	log( 'running Playwright …' );
	const report = path.join( ARTIFACTS_DIR, 'playwright/results.json' );
	fs.rmSync( report, { force: true } );
	const code = await run(
		bin( 'playwright' ),
		[ 'test', '--config', 'tests/e2e/playwright.config.ts' ],
		{ cwd: ROOT, env }
	);
	let parsed = { projects: {}, errors: 0 };
	try {
		parsed = fromPlaywrightJsonByProject( report );
	} catch ( error ) {
		log( `Playwright: no usable report (${ error.message })` );
	}
	for ( const { site, label } of versions ) {
		const project = `wp-${ readEnv( site )?.wp_version }`;
		// A project with no results at all (the run broke before it) is a failure, never a silent zero.
		record(
			`Playwright (${ label })`,
			parsed.projects[ project ] ?? { passed: 0, failed: 1, skipped: 0 }
		);
	}
	const failedTests = Object.values( parsed.projects ).some(
		( counts ) => counts.failed > 0
	);
	if ( parsed.errors > 0 || ( code !== 0 && ! failedTests ) ) {
		log(
			`Playwright exited with ${ code } and ${ parsed.errors } run-level error(s)`
		);
		record( 'Playwright (run)', {
			passed: 0,
			failed: Math.max( 1, parsed.errors ),
		} );
	}
}

/** Stops what the run started (sites, the AI server), each once, newest first. */
async function runCleanups() {
	while ( cleanups.length > 0 ) {
		await cleanups
			.pop()()
			.catch( ( error ) => log( `cleanup: ${ error.message }` ) );
	}
}

// Ctrl-C or a stopped CI job: leave no database or server behind on the suite's ports.
for ( const signal of [ 'SIGINT', 'SIGTERM', 'SIGHUP' ] ) {
	process.once( signal, async () => {
		log( `${ signal }: stopping what the test run started …` );
		await runCleanups();
		process.exit( 130 );
	} );
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
	await runCleanups();
}

const total = results.reduce(
	( sum, r ) => ( {
		passed: sum.passed + r.passed,
		failed: sum.failed + r.failed,
		skipped: sum.skipped + ( r.skipped || 0 ),
	} ),
	{ passed: 0, failed: 0, skipped: 0 }
);
// CI keeps the last lines of this output: name each failed test there, not only far above.
for ( const r of results ) {
	for ( const failure of r.failures ?? [] ) {
		log( `failed: ${ r.name } › ${ failure.name } — ${ failure.message }` );
	}
}
log(
	results
		.map( ( r ) => `${ r.name }: ${ r.passed }/${ r.passed + r.failed }` )
		.join( '; ' )
);
process.stdout.write(
	`${ total.passed } passed, ${ total.failed } failed${ total.skipped ? `, ${ total.skipped } skipped` : '' }\n`
);
process.exit( total.failed > 0 || crashed ? 1 : 0 );
