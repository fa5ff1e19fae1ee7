/**
 * The Jobs screen's table: one row per job, a checkbox per row (and one for the page), the job's title as the link
 * to its detail panel, who started it (their jobs), its post (the editor) and when (the full date on hover).
 */
import { Button } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import type { Job } from '../../api/types';
import { JobStatusBadge } from '../../components/JobStatusBadge';
import { ProgressBar } from '../../components/ProgressBar';
import { RelativeTime } from '../../components/RelativeTime';
import { isFinalStatus } from '../../hooks/pollInterval';
import { useNow } from '../../hooks/useNow';
import { jobTitle, jobTypeLabel } from '../../jobs/labels';
import { ListTable, type ListColumn } from '../shared/ListTable';
import { JobOwner, JobPostLink } from './JobReferences';

/** The columns after the checkboxes; `now` moves "3 minutes ago" on while the screen stays open. */
function jobColumns(
	now: number,
	onOpen: ( id: string ) => void,
	onFilterUser?: ( userId: number ) => void
): Array< ListColumn< Job > > {
	return [
		{
			label: __( 'Job', 'iacp' ),
			cell: ( job ) => (
				<Button variant="link" onClick={ () => onOpen( job.id ) }>
					{ `${ jobTitle( job ) } · ${ job.id.slice( 0, 8 ) }` }
				</Button>
			),
		},
		{
			label: __( 'Type', 'iacp' ),
			cell: ( job ) => jobTypeLabel( job.type ),
		},
		{
			label: __( 'Status', 'iacp' ),
			cell: ( job ) => (
				<>
					<JobStatusBadge status={ job.status } />
					{ ! isFinalStatus( job.status ) && (
						<ProgressBar
							value={ job.progress }
							label={ __( 'Progress', 'iacp' ) }
						/>
					) }
				</>
			),
		},
		{
			label: __( 'User', 'iacp' ),
			cell: ( job ) => <JobOwner job={ job } onFilter={ onFilterUser } />,
		},
		{
			label: __( 'Post', 'iacp' ),
			cell: ( job ) => <JobPostLink job={ job } />,
		},
		{
			label: __( 'Attempts', 'iacp' ),
			cell: ( job ) => `${ job.attempts } / ${ job.max_attempts }`,
		},
		{
			label: __( 'Created', 'iacp' ),
			cell: ( job ) => (
				<RelativeTime iso={ job.created_at } now={ now } />
			),
		},
	];
}

export function JobsTable( {
	jobs,
	isLoading,
	error,
	selected,
	onSelect,
	openJob,
	onOpen,
	onFilterUser,
}: {
	jobs: Job[];
	isLoading: boolean;
	error?: unknown;
	selected: string[];
	onSelect: ( ids: string[] ) => void;
	/** The job whose detail panel is open. */
	openJob: string | null;
	onOpen: ( id: string ) => void;
	/** Shows one user's jobs (their name's link). */
	onFilterUser?: ( userId: number ) => void;
} ) {
	const now = useNow( true, 30000 );
	return (
		<ListTable
			caption={ __( 'AI jobs', 'iacp' ) }
			className="iacp-jobs-table"
			columns={ jobColumns( now, onOpen, onFilterUser ) }
			rows={ jobs }
			rowKey={ ( job ) => job.id }
			rowAttributes={ ( job ) => ( {
				'data-job-id': job.id,
				className: openJob === job.id ? 'is-selected' : undefined,
			} ) }
			checkboxes={ {
				allLabel: __( 'Select all jobs on this page', 'iacp' ),
				rowLabel: ( job ) =>
					sprintf(
						/* translators: %s: job title and id. */
						__( 'Select job %s', 'iacp' ),
						`${ jobTitle( job ) } ${ job.id.slice( 0, 8 ) }`
					),
				isChecked: ( job ) => selected.includes( job.id ),
				onToggle: ( job ) =>
					onSelect(
						selected.includes( job.id )
							? selected.filter( ( other ) => other !== job.id )
							: [ ...selected, job.id ]
					),
				onToggleAll: ( checked ) =>
					onSelect( checked ? jobs.map( ( job ) => job.id ) : [] ),
			} }
			isLoading={ isLoading }
			error={ error }
			emptyText={ __( 'No jobs match these filters.', 'iacp' ) }
		/>
	);
}
