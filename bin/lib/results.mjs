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

export function fromPlaywrightJson( file ) {
	const { stats, errors = [] } = JSON.parse(
		fs.readFileSync( file, 'utf8' )
	);
	return {
		passed: stats.expected + stats.flaky,
		failed: stats.unexpected + errors.length,
		skipped: stats.skipped,
	};
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
