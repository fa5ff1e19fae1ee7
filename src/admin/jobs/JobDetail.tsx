/**
 * One job in full, readable at a glance: its state, who started it and for which post, what it was asked
 * (JobInputView), what it produced (JobResultView), a failure in words with what to do next, and its log as a
 * timeline; with its actions. Any screen of jobs can show it by id.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Spinner,
} from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobActions } from '../../components/JobActions';
import { JobProgress } from '../../components/JobProgress';
import { RelativeTime } from '../../components/RelativeTime';
import { useJobState } from '../../hooks/useJobState';
import { formatDuration } from '../../jobs/jobView';
import { jobTitle, jobTypeLabel, statusLabel } from '../../jobs/labels';
import { FactList } from './detail/FactList';
import { JobInputView } from './detail/JobInputView';
import { JobResultView } from './detail/JobResultView';
import { JobTimeline } from './detail/JobTimeline';
import { JobOwner, JobPostLink } from './JobReferences';

export function JobDetail( {
	id,
	onClose,
	onFilterUser,
}: {
	id: string;
	onClose: () => void;
	/** Shows one user's jobs (the owner's link). */
	onFilterUser?: ( userId: number ) => void;
} ) {
	const { job, view, actions, isLoading, loadError } = useJobState( id, {
		onRemoved: onClose,
	} );

	return (
		<Card
			className="iacp-detail"
			role="region"
			aria-label={ __( 'Job details', 'iacp' ) }
		>
			<CardHeader>
				<h2>{ job ? jobTitle( job ) : __( 'Job', 'iacp' ) }</h2>
				<Button variant="tertiary" onClick={ onClose }>
					{ __( 'Close details', 'iacp' ) }
				</Button>
			</CardHeader>
			<CardBody>
				{ isLoading && <Spinner /> }
				{ loadError && <ErrorNotice error={ loadError } /> }
				{ job && (
					<>
						<JobProgress view={ view } audience="manager" />
						<FactList
							className="iacp-detail__facts"
							facts={ [
								[
									__( 'ID', 'iacp' ),
									<code key="id">{ job.id }</code>,
								],
								[
									__( 'Type', 'iacp' ),
									jobTypeLabel( job.type ),
								],
								[
									__( 'Status', 'iacp' ),
									statusLabel( job.status ),
								],
								[
									__( 'Started by', 'iacp' ),
									<JobOwner
										key="owner"
										job={ job }
										onFilter={ onFilterUser }
									/>,
								],
								[
									__( 'Post', 'iacp' ),
									job.post_id !== null && (
										<JobPostLink key="post" job={ job } />
									),
								],
								[
									__( 'Attempts', 'iacp' ),
									`${ job.attempts } / ${ job.max_attempts }`,
								],
								[
									__( 'Tokens', 'iacp' ),
									String( job.tokens?.total ?? 0 ),
								],
								[
									__( 'Created', 'iacp' ),
									<RelativeTime
										key="created"
										iso={ job.created_at }
									/>,
								],
								[
									__( 'Finished', 'iacp' ),
									job.finished_at && (
										<RelativeTime
											key="finished"
											iso={ job.finished_at }
										/>
									),
								],
								[
									__( 'Took', 'iacp' ),
									job.finished_at &&
										job.elapsed_ms !== null &&
										sprintf(
											/* translators: %s: a duration, like 0:12. */
											__(
												'%s (minutes:seconds)',
												'iacp'
											),
											formatDuration(
												job.elapsed_ms / 1000
											)
										),
								],
							] }
						/>
						<section aria-labelledby={ `iacp-input-${ job.id }` }>
							<h3 id={ `iacp-input-${ job.id }` }>
								{ __( 'Input', 'iacp' ) }
							</h3>
							<JobInputView job={ job } />
						</section>
						<JobResultView job={ job } />
						<JobTimeline log={ job.log ?? [] } />
						<JobActions
							view={ view }
							actions={ actions }
							compact
							withDelete
						/>
					</>
				) }
			</CardBody>
		</Card>
	);
}
