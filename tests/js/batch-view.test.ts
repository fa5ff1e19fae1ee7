/**
 * A batch in words: progress, time left, counts, item notes, conflicts and which controls it offers.
 */
import type { Batch, BatchCounts } from '@iacp/api/types';
import {
	batchControls,
	batchProgress,
	conflictWords,
	countsSummary,
	etaWords,
	isBatchActive,
	itemNoteWords,
	progressWords,
	tokensWords,
} from '@iacp/batches/batchView';

const ZERO: BatchCounts = {
	total: 0,
	planned: 0,
	waiting: 0,
	running: 0,
	done: 0,
	failed: 0,
	skipped: 0,
	review: 0,
	accepted: 0,
	rejected: 0,
};

function counts( patch: Partial< BatchCounts > ): BatchCounts {
	return { ...ZERO, ...patch };
}

function batch( patch: Partial< Batch > = {} ): Batch {
	return {
		id: 3,
		action: 'excerpt',
		action_label: 'Write excerpts',
		mode: 'apply',
		status: 'running',
		pause_reason: null,
		pause_message: null,
		user: { id: 1, name: 'Admin' },
		source: { post_type: 'post' },
		counts: counts( { total: 10, waiting: 10 } ),
		tokens: 0,
		eta_seconds: null,
		created_at: null,
		updated_at: null,
		...patch,
	};
}

describe( 'batchProgress', () => {
	it( 'counts every settled item against the total', () => {
		expect(
			batchProgress(
				counts( {
					total: 10,
					done: 2,
					failed: 1,
					skipped: 1,
					review: 1,
					waiting: 4,
					running: 1,
				} )
			)
		).toBe( 50 );
		expect( batchProgress( counts( { total: 3, done: 1 } ) ) ).toBe( 33 );
	} );

	it( 'is 0 before anything is planned and never above 100', () => {
		expect( batchProgress( ZERO ) ).toBe( 0 );
		expect( batchProgress( counts( { total: 2, done: 5 } ) ) ).toBe( 100 );
	} );

	it( 'says how far along in words', () => {
		expect(
			progressWords( counts( { total: 40, done: 10, accepted: 2 } ) )
		).toBe( '12 of 40 items finished' );
	} );
} );

describe( 'etaWords', () => {
	it( 'rounds the estimate to minutes, then hours', () => {
		expect( etaWords( 30, 'running' ) ).toBe( 'Less than a minute left' );
		expect( etaWords( 60, 'running' ) ).toBe( 'About 1 minute left' );
		expect( etaWords( 299, 'running' ) ).toBe( 'About 5 minutes left' );
		expect( etaWords( 3 * 3600 + 100, 'running' ) ).toBe(
			'About 3 hours left'
		);
	} );

	it( 'says it is estimating without a figure, and nothing once stopped', () => {
		expect( etaWords( null, 'planning' ) ).toBe(
			'Estimating the time left…'
		);
		expect( etaWords( 120, 'paused' ) ).toBeNull();
		expect( etaWords( 120, 'completed' ) ).toBeNull();
		expect( isBatchActive( 'planning' ) ).toBe( true );
		expect( isBatchActive( 'cancelled' ) ).toBe( false );
	} );
} );

describe( 'countsSummary', () => {
	it( 'says the non-zero counts in a fixed order', () => {
		expect(
			countsSummary(
				counts( {
					total: 11,
					waiting: 6,
					done: 3,
					failed: 1,
					skipped: 1,
				} )
			)
		).toBe( '3 done, 1 failed, 6 waiting, 1 skipped' );
		expect(
			countsSummary( counts( { review: 2, accepted: 1, rejected: 1 } ) )
		).toBe( '2 to review, 1 accepted, 1 rejected' );
		expect( countsSummary( ZERO ) ).toBe( 'No items yet' );
	} );

	it( 'says tokens with a thousands separator', () => {
		expect( tokensWords( 1 ) ).toBe( '1 token' );
		expect( tokensWords( 12345 ) ).toBe(
			`${ ( 12345 ).toLocaleString() } tokens`
		);
	} );
} );

describe( 'notes and conflicts', () => {
	it( 'explains known codes and shows others as sent', () => {
		expect( itemNoteWords( 'has_alt_text' ) ).toBe(
			'Already has alt text (not replaced).'
		);
		expect( itemNoteWords( null ) ).toBeNull();
		expect( itemNoteWords( 'Something else' ) ).toBe( 'Something else' );
		expect( conflictWords( 'iacp_changed_since', 'x' ) ).toBe(
			'Changed by a person since: kept their edit.'
		);
		expect( conflictWords( 'iacp_other', 'The server said so.' ) ).toBe(
			'The server said so.'
		);
	} );
} );

describe( 'batchControls', () => {
	it( 'offers pause while running and resume while paused', () => {
		expect( batchControls( batch() ) ).toMatchObject( {
			canPause: true,
			canResume: false,
			canCancel: true,
		} );
		expect( batchControls( batch( { status: 'paused' } ) ) ).toMatchObject(
			{ canPause: false, canResume: true, canCancel: true }
		);
	} );

	it( 'offers retry only with failed items, review only with items awaiting it', () => {
		const finished = batch( {
			status: 'completed',
			mode: 'review',
			counts: counts( { total: 3, failed: 1, review: 2 } ),
		} );
		expect( batchControls( finished ) ).toEqual( {
			canPause: false,
			canResume: false,
			canCancel: false,
			canRetry: true,
			canReview: true,
		} );
		expect(
			batchControls( { ...finished, status: 'cancelled' } ).canRetry
		).toBe( false );
		expect(
			batchControls( { ...finished, mode: 'apply' } ).canReview
		).toBe( false );
	} );
} );
