/**
 * The state machine behind every job display: which view a job is in, what to tell the user, what they can do.
 */
import { FINAL_STATUSES, type Job } from '../api/types';

/** After this long in the queue, explain that the background runner may be slow. */
export const WAITING_EXPLANATION_MS = 10000;

export type JobViewKind =
	'loading' | 'queued' | 'running' | 'done' | 'failed' | 'cancelled';

export interface JobView {
	kind: JobViewKind;
	/** Seconds since the job was created (or, once finished, how long it took). */
	elapsedSeconds: number;
	/** Queued for longer than the threshold: show the "waiting for a worker" explanation. */
	showWaitingExplanation: boolean;
	/** Queued again after a failed attempt that will be retried. */
	retrying: boolean;
	progress: number;
	stage: string | null;
	partialText: string | null;
	errorMessage: string | null;
	errorCode: string | null;
	cancelRequested: boolean;
	canCancel: boolean;
	canRetry: boolean;
	canDelete: boolean;
}

export interface JobPermittedActions {
	/** Pending or running, and no cancel asked for yet. */
	canCancel: boolean;
	/** Failed, expired or cancelled: the server puts it back in the queue. */
	canRetry: boolean;
	/** Finished (in any way): the server deletes only finished jobs. */
	canDelete: boolean;
}

/** What can be done with a job in its state: the one rule behind every Retry, Cancel and Delete button. */
export function permittedActions( job: Job | undefined ): JobPermittedActions {
	const status = job?.status;
	const active = status === 'pending' || status === 'processing';
	return {
		canCancel: active && job?.cancel_requested !== true,
		canRetry:
			status === 'failed' ||
			status === 'expired' ||
			status === 'cancelled',
		canDelete: status !== undefined && FINAL_STATUSES.includes( status ),
	};
}

function time( iso: string | null | undefined ): number | null {
	if ( ! iso ) {
		return null;
	}
	const parsed = Date.parse( iso );
	return Number.isNaN( parsed ) ? null : parsed;
}

export function jobView( job: Job | undefined, now: number ): JobView {
	const base: JobView = {
		kind: 'loading',
		elapsedSeconds: 0,
		showWaitingExplanation: false,
		retrying: false,
		progress: 0,
		stage: null,
		partialText: null,
		errorMessage: null,
		errorCode: null,
		cancelRequested: false,
		canCancel: false,
		canRetry: false,
		canDelete: false,
	};
	if ( ! job ) {
		return base;
	}
	const created = time( job.created_at ) ?? now;
	const finished = time( job.finished_at );
	const elapsedMs =
		finished !== null ? finished - created : Math.max( 0, now - created );
	const view: JobView = {
		...base,
		elapsedSeconds: Math.max( 0, Math.floor( elapsedMs / 1000 ) ),
		progress: Math.min( 100, Math.max( 0, Number( job.progress ) || 0 ) ),
		stage: job.stage,
		partialText:
			typeof job.partial_output === 'string' && job.partial_output !== ''
				? job.partial_output
				: null,
		cancelRequested: job.cancel_requested === true,
		...permittedActions( job ),
	};

	switch ( job.status ) {
		case 'pending': {
			// Waiting counts from when the job became available, so a scheduled retry is not "slow".
			const available = time( job.available_at );
			const waitingSince = Math.max( created, available ?? created );
			return {
				...view,
				kind: 'queued',
				retrying: job.attempts > 0,
				showWaitingExplanation:
					now - waitingSince >= WAITING_EXPLANATION_MS,
			};
		}
		case 'processing':
			return { ...view, kind: 'running' };
		case 'completed':
			return { ...view, kind: 'done', progress: 100 };
		case 'cancelled':
			return { ...view, kind: 'cancelled' };
		case 'failed':
		case 'expired':
			return {
				...view,
				kind: 'failed',
				errorMessage: job.error?.message ?? null,
				errorCode:
					job.error?.code ??
					( job.status === 'expired' ? 'iacp_expired' : null ),
			};
		default:
			return view;
	}
}

/** "0:07", "12:30", "1:02:03". */
export function formatDuration( totalSeconds: number ): string {
	const seconds = Math.max( 0, Math.floor( totalSeconds ) );
	const h = Math.floor( seconds / 3600 );
	const m = Math.floor( ( seconds % 3600 ) / 60 );
	const s = seconds % 60;
	const pad = ( n: number ) => String( n ).padStart( 2, '0' );
	return h > 0
		? `${ h }:${ pad( m ) }:${ pad( s ) }`
		: `${ m }:${ pad( s ) }`;
}
