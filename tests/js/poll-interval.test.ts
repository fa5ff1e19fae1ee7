/**
 * How often a job and a list of jobs are polled.
 */
import type { Job } from '@iacp/api/types';
import {
	DEFAULT_POLL_MS,
	MAX_POLL_MS,
	MIN_POLL_MS,
	STREAMING_POLL_MS,
	jobListPollInterval,
	jobPollInterval,
} from '@iacp/hooks/pollInterval';
import { hashKey } from '@tanstack/react-query';
import { jobQuery } from '@iacp/hooks/jobQuery';
import { queryKeys } from '@iacp/hooks/queryKeys';

function job( overrides: Partial< Job > ): Job {
	return { status: 'pending', poll_after_ms: 1500, ...overrides } as Job;
}

describe( 'jobPollInterval', () => {
	it( 'follows the server’s poll_after_ms', () => {
		expect( jobPollInterval( job( { poll_after_ms: 1500 } ) ) ).toBe(
			1500
		);
	} );

	it( 'uses a default before the first answer and when the server gives none', () => {
		expect( jobPollInterval( undefined ) ).toBe( DEFAULT_POLL_MS );
		expect( jobPollInterval( job( { poll_after_ms: null } ) ) ).toBe(
			DEFAULT_POLL_MS
		);
	} );

	it( 'keeps the interval within bounds', () => {
		expect( jobPollInterval( job( { poll_after_ms: 10 } ) ) ).toBe(
			MIN_POLL_MS
		);
		expect( jobPollInterval( job( { poll_after_ms: 600000 } ) ) ).toBe(
			MAX_POLL_MS
		);
	} );

	it.each( [ 'completed', 'failed', 'cancelled', 'expired' ] as const )(
		'stops at the final state %s',
		( status ) => {
			expect(
				jobPollInterval( job( { status, poll_after_ms: 1000 } ) )
			).toBe( false );
		}
	);

	it( 'slows down to a safety net while the event stream delivers', () => {
		expect(
			jobPollInterval(
				job( { status: 'processing', poll_after_ms: 1000 } ),
				true
			)
		).toBe( STREAMING_POLL_MS );
	} );
} );

describe( 'jobListPollInterval', () => {
	it( 'polls only while a job is moving', () => {
		expect( jobListPollInterval( undefined ) ).toBe( false );
		expect(
			jobListPollInterval( [ job( { status: 'completed' } ) ] )
		).toBe( false );
		expect(
			jobListPollInterval(
				[
					job( { status: 'completed' } ),
					job( { status: 'pending' } ),
				],
				2500
			)
		).toBe( 2500 );
	} );
} );

describe( 'query keys', () => {
	it( 'are equal for equal filters in any order', () => {
		const a = queryKeys.jobs( {
			post_id: 3,
			status: [ 'failed', 'pending' ],
		} );
		const b = queryKeys.jobs( {
			status: [ 'pending', 'failed' ],
			post_id: 3,
		} );
		expect( a ).toEqual( b );
		// The cache compares hashes: TanStack Query's own hashing, no serialiser of ours.
		expect( hashKey( a ) ).toBe( hashKey( b ) );
		expect( hashKey( a ) ).not.toBe(
			hashKey( queryKeys.jobs( { post_id: 4, status: [ 'failed' ] } ) )
		);
		expect( queryKeys.job( 'abc' ) ).toEqual( [ 'iacp', 'job', 'abc' ] );
		expect( hashKey( [ { b: 1, a: [ 2, { d: 1, c: 2 } ] } ] ) ).toBe(
			hashKey( [ { a: [ 2, { c: 2, d: 1 } ], b: 1 } ] )
		);
	} );

	it( 'define the single-job query once, for polling and the event stream alike', () => {
		expect( jobQuery( 'abc' ).queryKey ).toEqual( queryKeys.job( 'abc' ) );
		expect( jobQuery( 'abc' ).enabled ).toBe( true );
		expect( jobQuery( '' ).enabled ).toBe( false );
	} );
} );
