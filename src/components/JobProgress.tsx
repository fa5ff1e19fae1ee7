/**
 * What a job is doing, in words: queued (with the wait explained after a while), running (progress, stage,
 * partial text), failed (the error), cancelled, done. The view model comes from useJobView (or useJobState).
 */
import { __, sprintf } from '@wordpress/i18n';
import { formatDuration, type JobView } from '../jobs/jobView';
import { errorHelp } from '../jobs/errorHelp';
import { ProgressBar } from './ProgressBar';

export function JobProgress( {
	view,
	showPartial = true,
	audience = 'author',
}: {
	view: JobView;
	showPartial?: boolean;
	/** Who reads a failure's next step: a manager is pointed at the settings, an author at the administrator. */
	audience?: 'manager' | 'author';
} ) {
	const elapsed = formatDuration( view.elapsedSeconds );
	const failure = errorHelp( view.errorCode, view.errorMessage, audience );
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
						{ failure.what }
					</p>
					<p className="iacp-job-progress__next">{ failure.next }</p>
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
