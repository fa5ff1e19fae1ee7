/**
 * The view model of a job for a screen that shows it, with a clock while it moves and its changes spoken to
 * screen readers.
 */
import { speak } from '@wordpress/a11y';
import { useEffect, useRef } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { Job } from '../api/types';
import { jobView, type JobView } from '../jobs/jobView';
import { useNow } from './useNow';

export function announcement( view: JobView ): string | null {
	switch ( view.kind ) {
		case 'queued':
			return __( 'AI job queued.', 'iacp' );
		case 'running':
			return __( 'AI job running.', 'iacp' );
		case 'done':
			return __( 'AI job finished.', 'iacp' );
		case 'failed':
			return __( 'AI job failed.', 'iacp' );
		case 'cancelled':
			return __( 'AI job cancelled.', 'iacp' );
		default:
			return null;
	}
}

/** Speaks the job's state whenever it changes. */
function useAnnounceJob( view: JobView, enabled: boolean ) {
	const last = useRef< string | null >( null );
	useEffect( () => {
		if (
			! enabled ||
			view.kind === 'loading' ||
			last.current === view.kind
		) {
			return;
		}
		const first = last.current === null;
		last.current = view.kind;
		const message = announcement( view );
		if ( message && ! ( first && view.kind === 'queued' ) ) {
			speak( message, view.kind === 'failed' ? 'assertive' : 'polite' );
		}
	}, [ view, enabled ] );
}

/**
 * @param job      The job, once loaded.
 * @param followed True where the job is the screen's subject (a clock ticks, changes are spoken); false for a row
 *                 of a list, which the list keeps fresh and which must not talk over the page.
 */
export function useJobView( job: Job | undefined, followed = true ): JobView {
	const active =
		job !== undefined &&
		( job.status === 'pending' || job.status === 'processing' );
	const now = useNow( followed && active );
	const view = jobView( job, now );
	useAnnounceJob( view, followed );
	return view;
}
