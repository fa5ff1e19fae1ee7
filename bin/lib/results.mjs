// Reads each test runner's machine-readable report into { passed, failed, skipped } so the suite can sum them.
import fs from 'node:fs';

export function fromPhpunitJunit( file ) {
	const xml = fs.readFileSync( file, 'utf8' );
	const suite = /<testsuite\b([^>]*)>/.exec( xml );
	if ( ! suite ) {
		throw new Error( `no <testsuite> in ${ file }` );
	}
	const attr = ( name ) =>
		Number(
			new RegExp( `\\b${ name }="(\\d+)"` ).exec( suite[ 1 ] )?.[ 1 ] ?? 0
		);
	const failed = attr( 'failures' ) + attr( 'errors' );
	const skipped = attr( 'skipped' );
	return { passed: attr( 'tests' ) - failed - skipped, failed, skipped };
}

export function fromJestJson( file ) {
	const report = JSON.parse( fs.readFileSync( file, 'utf8' ) );
	return {
		passed: report.numPassedTests,
		// A suite that fails to load has no failed tests, yet it failed.
		failed: report.numFailedTests + report.numRuntimeErrorTestSuites,
		skipped: report.numPendingTests + report.numTodoTests,
	};
}

/**
 * Counts per Playwright project (one per WordPress version): { projects: { name: counts }, errors } where errors
 * are run-level (global setup, a spec that fails to load).
 */
export function fromPlaywrightJsonByProject( file ) {
	const { suites = [], errors = [] } = JSON.parse(
		fs.readFileSync( file, 'utf8' )
	);
	const projects = {};
	const visit = ( suite ) => {
		for ( const spec of suite.specs ?? [] ) {
			for ( const test of spec.tests ?? [] ) {
				const counts = ( projects[ test.projectName ] ??= {
					passed: 0,
					failed: 0,
					skipped: 0,
				} );
				// expected and flaky pass; unexpected fails; skipped is counted apart (and shown).
				if ( test.status === 'expected' || test.status === 'flaky' ) {
					counts.passed++;
				} else if ( test.status === 'skipped' ) {
					counts.skipped++;
				} else {
					counts.failed++;
				}
			}
		}
		( suite.suites ?? [] ).forEach( visit );
	};
	suites.forEach( visit );
	return { projects, errors: errors.length };
}

/** Reads the plain `N passed, N failed` closing line a script printed. */
export function fromSummaryLine( output ) {
	const match = /(\d+) passed, (\d+) failed/.exec(
		output.trim().split( '\n' ).pop() ?? ''
	);
	if ( ! match ) {
		throw new Error( 'no "N passed, N failed" line' );
	}
	return {
		passed: Number( match[ 1 ] ),
		failed: Number( match[ 2 ] ),
		skipped: 0,
	};
}
