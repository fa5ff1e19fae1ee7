/**
 * The state machine that maps a job onto what a popover shows.
 */
import type { Job } from '@iacp/api/types';
import {
	WAITING_EXPLANATION_MS,
	formatDuration,
	jobView,
	permittedActions,
} from '@iacp/jobs/jobView';

const CREATED = Date.parse( '2026-11-01T10:00:00Z' );

function job( overrides: Partial< Job > ): Job {
	return {
		id: 'j',
		type: 'text',
		status: 'pending',
		progress: 0,
		stage: null,
		partial_output: null,
		attempts: 0,
		max_attempts: 3,
		error: null,
		cancel_requested: false,
		created_at: '2026-11-01T10:00:00Z',
		available_at: '2026-11-01T10:00:00Z',
		finished_at: null,
		...overrides,
	} as Job;
}

describe( 'jobView', () => {
	it( 'is loading before the job arrives', () => {
		expect( jobView( undefined, CREATED ).kind ).toBe( 'loading' );
	} );

	it( 'is queued with elapsed time, and explains the wait only after the threshold', () => {
		const early = jobView( job( {} ), CREATED + 4000 );
		expect( early ).toMatchObject( {
			kind: 'queued',
			elapsedSeconds: 4,
			showWaitingExplanation: false,
			canCancel: true,
			canRetry: false,
		} );

		const late = jobView( job( {} ), CREATED + WAITING_EXPLANATION_MS );
		expect( late.showWaitingExplanation ).toBe( true );
	} );

	it( 'counts the wait of a scheduled retry from when it became available', () => {
		const view = jobView(
			job( {
				attempts: 1,
				available_at: '2026-11-01T10:00:30Z',
			} ),
			CREATED + 35000
		);
		expect( view ).toMatchObject( {
			kind: 'queued',
			retrying: true,
			showWaitingExplanation: false,
		} );
	} );

	it( 'is running with progress, stage and partial text', () => {
		expect(
			jobView(
				job( {
					status: 'processing',
					progress: 140,
					stage: 'generating',
					partial_output: 'Once upon',
				} ),
				CREATED + 2000
			)
		).toMatchObject( {
			kind: 'running',
			progress: 100,
			stage: 'generating',
			partialText: 'Once upon',
			canCancel: true,
		} );
	} );

	it( 'offers no second cancel once one was requested', () => {
		expect(
			jobView(
				job( { status: 'processing', cancel_requested: true } ),
				CREATED
			)
		).toMatchObject( { cancelRequested: true, canCancel: false } );
	} );

	it( 'is done at 100 % with the time it took', () => {
		expect(
			jobView(
				job( {
					status: 'completed',
					progress: 90,
					finished_at: '2026-11-01T10:00:12Z',
				} ),
				CREATED + 99000
			)
		).toMatchObject( { kind: 'done', progress: 100, elapsedSeconds: 12 } );
	} );

	it( 'is failed with the error in words and a retry', () => {
		expect(
			jobView(
				job( {
					status: 'failed',
					error: {
						code: 'iacp_provider_error',
						message: 'Bad gateway',
					},
				} ),
				CREATED
			)
		).toMatchObject( {
			kind: 'failed',
			errorCode: 'iacp_provider_error',
			errorMessage: 'Bad gateway',
			canRetry: true,
			canCancel: false,
		} );
	} );

	it( 'treats an expired job as failed', () => {
		expect(
			jobView( job( { status: 'expired' } ), CREATED )
		).toMatchObject( { kind: 'failed', errorCode: 'iacp_expired' } );
	} );

	it( 'is cancelled and can be retried', () => {
		expect(
			jobView( job( { status: 'cancelled' } ), CREATED )
		).toMatchObject( {
			kind: 'cancelled',
			canRetry: true,
			canCancel: false,
		} );
	} );
} );

describe( 'permittedActions', () => {
	it.each( [
		[
			'pending',
			false,
			{ canCancel: true, canRetry: false, canDelete: false },
		],
		[
			'processing',
			false,
			{ canCancel: true, canRetry: false, canDelete: false },
		],
		[
			'processing',
			true,
			{ canCancel: false, canRetry: false, canDelete: false },
		],
		[
			'completed',
			false,
			{ canCancel: false, canRetry: false, canDelete: true },
		],
		[
			'failed',
			false,
			{ canCancel: false, canRetry: true, canDelete: true },
		],
		[
			'expired',
			false,
			{ canCancel: false, canRetry: true, canDelete: true },
		],
		[
			'cancelled',
			true,
			{ canCancel: false, canRetry: true, canDelete: true },
		],
	] as const )(
		'%s (cancel requested: %s) allows what the server allows',
		( status, cancelRequested, allowed ) => {
			const subject = job( {
				status,
				cancel_requested: cancelRequested,
			} );
			expect( permittedActions( subject ) ).toEqual( allowed );
			expect( jobView( subject, CREATED ) ).toMatchObject( allowed );
		}
	);

	it( 'allows nothing before the job has loaded', () => {
		expect( permittedActions( undefined ) ).toEqual( {
			canCancel: false,
			canRetry: false,
			canDelete: false,
		} );
		expect( jobView( undefined, CREATED ) ).toMatchObject( {
			canCancel: false,
			canRetry: false,
			canDelete: false,
		} );
	} );
} );

describe( 'formatDuration', () => {
	it( 'formats minutes and hours', () => {
		expect( formatDuration( 7 ) ).toBe( '0:07' );
		expect( formatDuration( 750 ) ).toBe( '12:30' );
		expect( formatDuration( 3723 ) ).toBe( '1:02:03' );
	} );
} );
