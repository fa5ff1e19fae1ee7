/**
 * What a job is doing, in words: queued (with the wait explained after a while), running (progress, stage,
 * partial text), failed (the error). Announces each change of state to screen readers.
 */
import { speak } from '@wordpress/a11y';
import { useEffect, useRef } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { Job } from '../api/types';
import { formatDuration, jobView, type JobView } from '../jobs/jobView';
import { jobErrorText } from '../jobs/labels';
import { useNow } from '../hooks/useNow';
import { ProgressBar } from './ProgressBar';

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
export function useAnnounceJob( view: JobView ) {
	const last = useRef< string | null >( null );
	useEffect( () => {
		if ( view.kind === 'loading' || last.current === view.kind ) {
			return;
		}
		const first = last.current === null;
		last.current = view.kind;
		const message = announcement( view );
		if ( message && ! ( first && view.kind === 'queued' ) ) {
			speak( message, view.kind === 'failed' ? 'assertive' : 'polite' );
		}
	}, [ view ] );
}

export function useJobView( job: Job | undefined ): JobView {
	const active =
		job !== undefined &&
		( job.status === 'pending' || job.status === 'processing' );
	const now = useNow( active );
	const view = jobView( job, now );
	useAnnounceJob( view );
	return view;
}

export function JobProgress( {
	view,
	showPartial = true,
}: {
	view: JobView;
	showPartial?: boolean;
} ) {
	const elapsed = formatDuration( view.elapsedSeconds );
	switch ( view.kind ) {
		case 'loading':
			return (
				<p className="iacp-job-progress">
					{ __( 'Loading…', 'iacp' ) }
				</p>
			);
		case 'queued':
			return (
				<div className="iacp-job-progress" data-state="queued">
					<p>
						{ view.retrying
							? sprintf(
									/* translators: %s: elapsed time, like 0:12. */
									__(
										'Queued to try again after a failed attempt · %s',
										'iacp'
									),
									elapsed
								)
							: sprintf(
									/* translators: %s: elapsed time, like 0:12. */
									__( 'Queued · %s', 'iacp' ),
									elapsed
								) }
					</p>
					{ view.showWaitingExplanation && (
						<p className="iacp-job-progress__hint">
							{ __(
								'Waiting for a worker to pick this up — the site’s background runner may be slow.',
								'iacp'
							) }
						</p>
					) }
					{ view.cancelRequested && (
						<p>{ __( 'Cancelling…', 'iacp' ) }</p>
					) }
				</div>
			);
		case 'running':
			return (
				<div className="iacp-job-progress" data-state="running">
					<p>
						{ sprintf(
							/* translators: 1: progress percentage, 2: elapsed time. */
							__( 'Working · %1$d%% · %2$s', 'iacp' ),
							view.progress,
							elapsed
						) }
						{ view.stage ? ` · ${ view.stage }` : '' }
					</p>
					<ProgressBar
						value={ view.progress }
						label={ __( 'AI job progress', 'iacp' ) }
					/>
					{ view.cancelRequested && (
						<p>{ __( 'Cancelling…', 'iacp' ) }</p>
					) }
					{ showPartial && view.partialText && (
						<div
							className="iacp-job-progress__partial"
							aria-label={ __( 'Text so far', 'iacp' ) }
						>
							{ view.partialText }
						</div>
					) }
				</div>
			);
		case 'failed':
			return (
				<div
					className="iacp-job-progress iacp-job-progress--error"
					data-state="failed"
				>
					<p>
						<strong>{ __( 'The job failed:', 'iacp' ) }</strong>{ ' ' }
						{ jobErrorText( view.errorCode, view.errorMessage ) }
					</p>
				</div>
			);
		case 'cancelled':
			return (
				<p className="iacp-job-progress" data-state="cancelled">
					{ __( 'The job was cancelled.', 'iacp' ) }
				</p>
			);
		case 'done':
			return (
				<p className="iacp-job-progress" data-state="done">
					{ sprintf(
						/* translators: %s: how long the job took, like 0:12. */
						__( 'Done in %s.', 'iacp' ),
						elapsed
					) }
				</p>
			);
	}
}
