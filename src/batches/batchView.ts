/**
 * A batch in words and numbers: how far it is, how long is left, what its counts say, what can be done with it.
 * Pure functions (tested in Jest) behind the batch list, the batch page and the review screen.
 */
import { __, _n, sprintf } from '@wordpress/i18n';
import type {
	Batch,
	BatchCounts,
	BatchItem,
	BatchItemStatus,
	BatchStatus,
} from '../api/types';

/** Items that have finished one way or another (nothing more will run for them unless retried). */
export function settledCount( counts: BatchCounts ): number {
	return (
		counts.done +
		counts.failed +
		counts.skipped +
		counts.review +
		counts.accepted +
		counts.rejected
	);
}

/** Percent of the batch's items settled, 0–100; 0 while nothing is planned. */
export function batchProgress( counts: BatchCounts ): number {
	if ( counts.total <= 0 ) {
		return 0;
	}
	return Math.min(
		100,
		Math.floor( ( settledCount( counts ) / counts.total ) * 100 )
	);
}

/** Planning or running: the screen keeps asking the server. */
export function isBatchActive( status: BatchStatus | string ): boolean {
	return status === 'planning' || status === 'running';
}

/** "About 5 minutes left" from the server's estimate; null when there is nothing to estimate. */
export function etaWords(
	eta: number | null,
	status: BatchStatus | string
): string | null {
	if ( ! isBatchActive( status ) ) {
		return null;
	}
	if ( eta === null || ! Number.isFinite( eta ) || eta < 0 ) {
		return __( 'Estimating the time left…', 'iacp' );
	}
	if ( eta < 60 ) {
		return __( 'Less than a minute left', 'iacp' );
	}
	const minutes = Math.round( eta / 60 );
	if ( minutes < 90 ) {
		return sprintf(
			/* translators: %d: minutes. */
			_n(
				'About %d minute left',
				'About %d minutes left',
				minutes,
				'iacp'
			),
			minutes
		);
	}
	const hours = Math.round( eta / 3600 );
	return sprintf(
		/* translators: %d: hours. */
		_n( 'About %d hour left', 'About %d hours left', hours, 'iacp' ),
		hours
	);
}

/** "12 of 40 items finished" — how far along, for the progress bar's text. */
export function progressWords( counts: BatchCounts ): string {
	return sprintf(
		/* translators: 1: items finished, 2: all items. */
		_n(
			'%1$d of %2$d item finished',
			'%1$d of %2$d items finished',
			counts.total,
			'iacp'
		),
		settledCount( counts ),
		counts.total
	);
}

/** The counts worth saying, in a fixed order, leaving out zeros: "3 done, 1 failed, 6 waiting". */
export function countsSummary( counts: BatchCounts ): string {
	const parts: Array< [ number, ( count: number ) => string ] > = [
		/* translators: %d: number of items. */
		[ counts.done, ( n ) => sprintf( __( '%d done', 'iacp' ), n ) ],
		/* translators: %d: number of items. */
		[ counts.review, ( n ) => sprintf( __( '%d to review', 'iacp' ), n ) ],
		/* translators: %d: number of items. */
		[ counts.accepted, ( n ) => sprintf( __( '%d accepted', 'iacp' ), n ) ],
		/* translators: %d: number of items. */
		[ counts.rejected, ( n ) => sprintf( __( '%d rejected', 'iacp' ), n ) ],
		/* translators: %d: number of items. */
		[ counts.failed, ( n ) => sprintf( __( '%d failed', 'iacp' ), n ) ],
		/* translators: %d: number of items. */
		[ counts.running, ( n ) => sprintf( __( '%d running', 'iacp' ), n ) ],
		/* translators: %d: number of items. */
		[ counts.waiting, ( n ) => sprintf( __( '%d waiting', 'iacp' ), n ) ],
		/* translators: %d: number of items. */
		[ counts.skipped, ( n ) => sprintf( __( '%d skipped', 'iacp' ), n ) ],
	];
	const said = parts
		.filter( ( [ count ] ) => count > 0 )
		.map( ( [ count, words ] ) => words( count ) );
	return said.length > 0 ? said.join( ', ' ) : __( 'No items yet', 'iacp' );
}

export function tokensWords( tokens: number ): string {
	return sprintf(
		/* translators: %s: number of tokens. */
		_n( '%s token', '%s tokens', tokens, 'iacp' ),
		Math.max( 0, tokens ).toLocaleString()
	);
}

export function batchStatusLabel( status: BatchStatus | string ): string {
	switch ( status ) {
		case 'planning':
			return __( 'Planning', 'iacp' );
		case 'running':
			return __( 'Running', 'iacp' );
		case 'paused':
			return __( 'Paused', 'iacp' );
		case 'cancelled':
			return __( 'Cancelled', 'iacp' );
		case 'completed':
			return __( 'Finished', 'iacp' );
		default:
			return status;
	}
}

export function itemStatusLabel( status: BatchItemStatus | string ): string {
	switch ( status ) {
		case 'waiting':
			return __( 'Waiting', 'iacp' );
		case 'running':
			return __( 'Running', 'iacp' );
		case 'done':
			return __( 'Done', 'iacp' );
		case 'failed':
			return __( 'Failed', 'iacp' );
		case 'skipped':
			return __( 'Skipped', 'iacp' );
		case 'review':
			return __( 'Awaiting review', 'iacp' );
		case 'accepted':
			return __( 'Accepted', 'iacp' );
		case 'rejected':
			return __( 'Rejected', 'iacp' );
		default:
			return status;
	}
}

/** An item's note code (set by the planner or the handler) in words; unknown codes are shown as sent. */
export function itemNoteWords( note: string | null ): string | null {
	switch ( note ) {
		case null:
		case '':
			return null;
		case 'has_alt_text':
			return __( 'Already has alt text (not replaced).', 'iacp' );
		case 'deleted':
		case 'post_deleted':
			return __( 'Deleted while the batch ran: skipped.', 'iacp' );
		case 'iacp_changed_since':
		case 'changed_since':
		case 'newer_edit':
			return __( 'Changed by a person since: kept their edit.', 'iacp' );
		case 'iacp_forbidden':
		case 'forbidden':
			return __( 'You may no longer edit this item.', 'iacp' );
		default:
			return note;
	}
}

/** A conflict from accepting an item, in words: why its proposal was not written. */
export function conflictWords( code: string, message: string ): string {
	switch ( code ) {
		case 'iacp_changed_since':
			return __( 'Changed by a person since: kept their edit.', 'iacp' );
		case 'iacp_forbidden':
			return __(
				'Not applied: you may no longer edit this item.',
				'iacp'
			);
		default:
			return message !== '' ? message : code;
	}
}

export interface BatchControls {
	canPause: boolean;
	canResume: boolean;
	canCancel: boolean;
	/** Failed items exist and the batch has not been cancelled. */
	canRetry: boolean;
	/** Items are waiting for a decision. */
	canReview: boolean;
}

/** What can be done with a batch in its state: the one rule behind its buttons. */
export function batchControls( batch: Batch ): BatchControls {
	const open = batch.status !== 'cancelled' && batch.status !== 'completed';
	return {
		canPause: isBatchActive( batch.status ),
		canResume: batch.status === 'paused',
		canCancel: open,
		canRetry: batch.status !== 'cancelled' && batch.counts.failed > 0,
		canReview: batch.mode === 'review' && batch.counts.review > 0,
	};
}

/** A batch's name in lists: its action and its number. */
export function batchTitle( batch: Batch ): string {
	return sprintf(
		/* translators: 1: what the batch does, like "Write excerpts", 2: batch number. */
		__( '%1$s · batch %2$d', 'iacp' ),
		batch.action_label || batch.action,
		batch.id
	);
}

/** Whether an item's before/after are images (featured images) rather than text. */
export function isImageItem( batch: Batch, item: BatchItem ): boolean {
	return batch.action === 'featured_image' && item.object_type === 'post';
}
