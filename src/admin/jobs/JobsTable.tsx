/**
 * The Jobs screen's table: one row per job, a checkbox per row (and one for the page), the job's title as the link
 * to its detail panel, who started it (their jobs), its post (the editor) and when (the full date on hover).
 */
import { Button, Spinner } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import type { Job } from '../../api/types';
import { JobStatusBadge } from '../../components/JobStatusBadge';
import { ProgressBar } from '../../components/ProgressBar';
import { RelativeTime } from '../../components/RelativeTime';
import { isFinalStatus } from '../../hooks/pollInterval';
import { useNow } from '../../hooks/useNow';
import { jobTitle, jobTypeLabel } from '../../jobs/labels';
import { JobOwner, JobPostLink } from './JobReferences';

const COLUMNS = 8;

export function JobsTable( {
	jobs,
	isLoading,
	selected,
	onSelect,
	openJob,
	onOpen,
	onFilterUser,
}: {
	jobs: Job[];
	isLoading: boolean;
	selected: string[];
	onSelect: ( ids: string[] ) => void;
	/** The job whose detail panel is open. */
	openJob: string | null;
	onOpen: ( id: string ) => void;
	/** Shows one user's jobs (their name's link). */
	onFilterUser?: ( userId: number ) => void;
} ) {
	// "3 minutes ago" moves on while the screen stays open.
	const now = useNow( true, 30000 );
	const allSelected = jobs.length > 0 && selected.length === jobs.length;
	const toggle = ( id: string ) =>
		onSelect(
			selected.includes( id )
				? selected.filter( ( other ) => other !== id )
				: [ ...selected, id ]
		);

	return (
		<table className="wp-list-table widefat striped iacp-jobs-table">
			<caption className="screen-reader-text">
				{ __( 'AI jobs', 'iacp' ) }
			</caption>
			<thead>
				<tr>
					<td className="check-column">
						<input
							type="checkbox"
							aria-label={ __(
								'Select all jobs on this page',
								'iacp'
							) }
							checked={ allSelected }
							onChange={ () =>
								onSelect(
									allSelected
										? []
										: jobs.map( ( job ) => job.id )
								)
							}
						/>
					</td>
					<th scope="col">{ __( 'Job', 'iacp' ) }</th>
					<th scope="col">{ __( 'Type', 'iacp' ) }</th>
					<th scope="col">{ __( 'Status', 'iacp' ) }</th>
					<th scope="col">{ __( 'User', 'iacp' ) }</th>
					<th scope="col">{ __( 'Post', 'iacp' ) }</th>
					<th scope="col">{ __( 'Attempts', 'iacp' ) }</th>
					<th scope="col">{ __( 'Created', 'iacp' ) }</th>
				</tr>
			</thead>
			<tbody>
				{ isLoading && (
					<tr>
						<td colSpan={ COLUMNS }>
							<Spinner />
						</td>
					</tr>
				) }
				{ ! isLoading && jobs.length === 0 && (
					<tr>
						<td colSpan={ COLUMNS }>
							{ __( 'No jobs match these filters.', 'iacp' ) }
						</td>
					</tr>
				) }
				{ jobs.map( ( job ) => (
					<tr
						key={ job.id }
						data-job-id={ job.id }
						className={ openJob === job.id ? 'is-selected' : '' }
					>
						<th scope="row" className="check-column">
							<input
								type="checkbox"
								aria-label={ sprintf(
									/* translators: %s: job title and id. */
									__( 'Select job %s', 'iacp' ),
									`${ jobTitle( job ) } ${ job.id.slice( 0, 8 ) }`
								) }
								checked={ selected.includes( job.id ) }
								onChange={ () => toggle( job.id ) }
							/>
						</th>
						<td>
							<Button
								variant="link"
								onClick={ () => onOpen( job.id ) }
							>
								{ `${ jobTitle( job ) } · ${ job.id.slice( 0, 8 ) }` }
							</Button>
						</td>
						<td>{ jobTypeLabel( job.type ) }</td>
						<td>
							<JobStatusBadge status={ job.status } />
							{ ! isFinalStatus( job.status ) && (
								<ProgressBar
									value={ job.progress }
									label={ __( 'Progress', 'iacp' ) }
								/>
							) }
						</td>
						<td>
							<JobOwner job={ job } onFilter={ onFilterUser } />
						</td>
						<td>
							<JobPostLink job={ job } />
						</td>
						<td>{ `${ job.attempts } / ${ job.max_attempts }` }</td>
						<td>
							<RelativeTime iso={ job.created_at } now={ now } />
						</td>
					</tr>
				) ) }
			</tbody>
		</table>
	);
}
