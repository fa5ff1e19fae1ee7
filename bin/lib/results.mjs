// Reads each test runner's machine-readable report into { passed, failed, skipped, failures } so the suite can sum
// them and name what failed (failures: [{ name, message }]).
import fs from 'node:fs';

/** The first line that says something, shortened: enough to recognise a failure in CI's last lines. */
function firstLine( text ) {
	const line =
		String( text ?? '' )
			// Terminal colours in Playwright's messages.
			.replace( /\u001b\[[0-9;]*m/g, '' )
			.split( '\n' )
			.map( ( part ) => part.trim() )
			.find( ( part ) => part !== '' ) ?? '';
	return line.length > 200 ? `${ line.slice( 0, 199 ) }…` : line;
}

/** XML's five entities, as PHPUnit writes them. */
function unescapeXml( text ) {
	return text
		.replace( /&lt;/g, '<' )
		.replace( /&gt;/g, '>' )
		.replace( /&quot;/g, '"' )
		.replace( /&apos;/g, "'" )
		.replace( /&amp;/g, '&' );
}

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
	const failures = [];
	const testcase =
		/<testcase name="([^"]*)" class="([^"]*)"[^>]*>\s*<(failure|error)\b[^>]*>([^<]*)/g;
	for ( const [ , name, className, , body ] of xml.matchAll( testcase ) ) {
		// PHPUnit's message: the test's name, the test's own words, "Failed asserting …", then file:line frames.
		const lines = unescapeXml( body ).split( '\n' ).slice( 1 );
		const asserting = lines.find( ( line ) =>
			/^(Failed asserting|\S+(Exception|Error)\b)/.test( line )
		);
		const at = lines
			.map( ( line ) => /([^/\s]+Test\.php:\d+)\s*$/.exec( line )?.[ 1 ] )
			.find( Boolean );
		failures.push( {
			name: `${ className.split( '\\' ).pop() }::${ name }`,
			message: `${ firstLine( asserting ?? lines.join( '\n' ) ) }${ at ? ` (${ at })` : '' }`,
		} );
	}
	return {
		passed: attr( 'tests' ) - failed - skipped,
		failed,
		skipped,
		failures,
	};
}

export function fromJestJson( file ) {
	const report = JSON.parse( fs.readFileSync( file, 'utf8' ) );
	const failures = [];
	for ( const result of report.testResults ?? [] ) {
		if (
			result.status === 'failed' &&
			result.assertionResults?.length === 0
		) {
			failures.push( {
				name: result.name,
				message: firstLine( result.message ),
			} );
		}
		for ( const assertion of result.assertionResults ?? [] ) {
			if ( assertion.status === 'failed' ) {
				failures.push( {
					name: assertion.fullName,
					message: firstLine( assertion.failureMessages?.[ 0 ] ),
				} );
			}
		}
	}
	return {
		failures,
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
					failures: [],
				} );
				// expected and flaky pass; unexpected fails; skipped is counted apart (and shown).
				if ( test.status === 'expected' || test.status === 'flaky' ) {
					counts.passed++;
				} else if ( test.status === 'skipped' ) {
					counts.skipped++;
				} else {
					counts.failed++;
					const last = test.results?.[ test.results.length - 1 ];
					counts.failures.push( {
						name: `${ spec.file }:${ spec.line } › ${ spec.title }`,
						message: firstLine(
							last?.error?.message ?? test.status
						),
					} );
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
	// The check scripts say `not ok - <what>` for each check that failed.
	const failures = [ ...output.matchAll( /^not ok - (.*)$/gm ) ].map(
		( [ , what ] ) => ( { name: firstLine( what ), message: 'not ok' } )
	);
	return {
		passed: Number( match[ 1 ] ),
		failed: Number( match[ 2 ] ),
		skipped: 0,
		failures,
	};
}
