/**
 * How often to ask the server about a job: as the server suggests, within sane bounds, never once it is final.
 */
import type { Job, JobStatus } from '../api/types';
import { FINAL_STATUSES } from '../api/types';

export const DEFAULT_POLL_MS = 2000;
export const MIN_POLL_MS = 500;
export const MAX_POLL_MS = 30000;
/** While the event stream delivers, polling only guards against a silently dead stream. */
export const STREAMING_POLL_MS = 15000;

export function isFinalStatus( status: JobStatus | string ): boolean {
	return ( FINAL_STATUSES as readonly string[] ).includes( status );
}

export function jobPollInterval(
	job: Job | undefined,
	streaming = false
): number | false {
	if ( job && isFinalStatus( job.status ) ) {
		return false;
	}
	const suggested =
		job && typeof job.poll_after_ms === 'number' && job.poll_after_ms > 0
			? job.poll_after_ms
			: DEFAULT_POLL_MS;
	const bounded = Math.min( MAX_POLL_MS, Math.max( MIN_POLL_MS, suggested ) );
	return streaming ? Math.max( bounded, STREAMING_POLL_MS ) : bounded;
}

/** A list is polled while any of its jobs is still moving. */
export function jobListPollInterval(
	jobs: readonly Job[] | undefined,
	activeMs = 3000
): number | false {
	if ( ! jobs || ! jobs.some( ( job ) => ! isFinalStatus( job.status ) ) ) {
		return false;
	}
	return activeMs;
}
