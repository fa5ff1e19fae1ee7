/**
 * `npm test` names what failed in its last lines (CI keeps only those): the report readers find each failure.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
	fromJestJson,
	fromPhpunitJunit,
	fromPlaywrightJsonByProject,
	fromSummaryLine,
} from '../../bin/lib/results.mjs';

const dir = fs.mkdtempSync( path.join( os.tmpdir(), 'iacp-results-' ) );
afterAll( () => fs.rmSync( dir, { recursive: true, force: true } ) );

function file( name, text ) {
	const target = path.join( dir, name );
	fs.writeFileSync( target, text );
	return target;
}

test( 'a PHPUnit failure is named with its assertion and line', () => {
	const junit = file(
		'phpunit.xml',
		`<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="" tests="3" assertions="9" errors="1" warnings="0" failures="1" skipped="0" time="1">
    <testcase name="test_passes" class="IACP\\Tests\\Usage\\MeteringTest" file="/x/MeteringTest.php" line="20" assertions="3" time="0.1"/>
    <testcase name="test_counts" class="IACP\\Tests\\Usage\\MeteringTest" file="/x/MeteringTest.php" line="39" assertions="5" time="0.3">
      <failure type="PHPUnit\\Framework\\ExpectationFailedException">IACP\\Tests\\Usage\\MeteringTest::test_counts
[{&quot;message&quot;:&quot;Queued.&quot;}]
Failed asserting that 'a' &amp; 'b' are identical.

/x/tests/php/Usage/MeteringTest.php:50
</failure>
    </testcase>
    <testcase name="test_breaks" class="IACP\\Tests\\Queue\\ClaimTest" file="/x/ClaimTest.php" line="9" assertions="1" time="0.1">
      <error type="TypeError">IACP\\Tests\\Queue\\ClaimTest::test_breaks
TypeError: count(): Argument #1 must be of type array

/x/tests/php/Queue/ClaimTest.php:12
</error>
    </testcase>
  </testsuite>
</testsuites>`
	);

	const counts = fromPhpunitJunit( junit );

	expect( [ counts.passed, counts.failed ] ).toEqual( [ 1, 2 ] );
	expect( counts.failures ).toEqual( [
		{
			name: 'MeteringTest::test_counts',
			message:
				"Failed asserting that 'a' & 'b' are identical. (MeteringTest.php:50)",
		},
		{
			name: 'ClaimTest::test_breaks',
			message:
				'TypeError: count(): Argument #1 must be of type array (ClaimTest.php:12)',
		},
	] );
} );

test( 'Jest, Playwright and the check scripts name their failures too', () => {
	const jest = file(
		'jest.json',
		JSON.stringify( {
			numPassedTests: 1,
			numFailedTests: 1,
			numRuntimeErrorTestSuites: 0,
			numPendingTests: 0,
			numTodoTests: 0,
			testResults: [
				{
					status: 'failed',
					assertionResults: [
						{ status: 'passed', fullName: 'fine' },
						{
							status: 'failed',
							fullName: 'a view shows the title',
							failureMessages: [
								'\nError: expect(received).toBe(expected)\n  at x',
							],
						},
					],
				},
			],
		} )
	);
	const playwright = file(
		'results.json',
		JSON.stringify( {
			suites: [
				{
					specs: [
						{
							file: 'image-popover.spec.ts',
							line: 16,
							title: 'an AI image ends as an attachment',
							tests: [
								{
									projectName: 'wp-6.5.5',
									status: 'unexpected',
									results: [
										{
											error: {
												message:
													'\u001b[2mexpect(\u001b[22mreceived).toEqual()',
											},
										},
									],
								},
								{ projectName: 'wp-7.1.0', status: 'expected' },
							],
						},
					],
				},
			],
		} )
	);

	expect( fromJestJson( jest ).failures ).toEqual( [
		{
			name: 'a view shows the title',
			message: 'Error: expect(received).toBe(expected)',
		},
	] );
	const { projects } = fromPlaywrightJsonByProject( playwright );
	expect( projects[ 'wp-6.5.5' ].failures ).toEqual( [
		{
			name: 'image-popover.spec.ts:16 › an AI image ends as an attachment',
			message: 'expect(received).toEqual()',
		},
	] );
	expect( projects[ 'wp-7.1.0' ] ).toMatchObject( {
		passed: 1,
		failures: [],
	} );
	expect(
		fromSummaryLine(
			'ok - one\nnot ok - the zip has x\n1 passed, 1 failed\n'
		).failures
	).toEqual( [ { name: 'the zip has x', message: 'not ok' } ] );
} );
