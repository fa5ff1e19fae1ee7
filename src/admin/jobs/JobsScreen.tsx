/**
 * Tools → AI Jobs: queue health, filters, the job table with bulk actions and pages, and a detail panel. Filters,
 * page and the open job live in the URL (useJobsUrlState), so back/forward and shared links work.
 */
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import { useJobs } from '../../hooks/useJobs';
import { BulkActions } from './BulkActions';
import { JobDetail } from './JobDetail';
import { JobFilters, toJobFilters, type FilterState } from './JobFilters';
import { JobsTable } from './JobsTable';
import { ListPagination } from '../shared/ListPagination';
import { QueueHealthCard } from './QueueHealthCard';
import { useBulkJobActions } from './useBulkJobActions';
import { useJobsUrlState } from './useJobsUrlState';

export function JobsScreen() {
	const [ { filters, page, job: detail }, setState ] = useJobsUrlState();
	const [ selected, setSelected ] = useState< string[] >( [] );
	const bulk = useBulkJobActions();
	const { data, isLoading, isFetching, error } = useJobs(
		toJobFilters( filters, page )
	);
	const jobs = data?.jobs ?? [];
	const total = data?.total ?? 0;

	const filter = ( patch: Partial< FilterState > ) => {
		setState( ( current ) => ( {
			...current,
			filters: { ...current.filters, ...patch },
			page: 1,
		} ) );
		setSelected( [] );
	};
	const open = ( job: string | null ) =>
		setState( ( current ) => ( { ...current, job } ) );

	return (
		<div className="iacp-jobs-screen">
			<p className="iacp-jobs-screen__batches">
				<a href="tools.php?page=iacp-batches">
					{ __(
						'Bulk work over many posts and images: AI Batches',
						'iacp'
					) }
				</a>
			</p>
			<QueueHealthCard onStatus={ ( status ) => filter( { status } ) } />
			<JobFilters filters={ filters } onChange={ filter } />
			<BulkActions
				selectedCount={ selected.length }
				busy={ bulk.busy }
				loading={ isFetching }
				message={ bulk.message }
				onRun={ ( action ) => {
					const chosen = jobs.filter( ( job ) =>
						selected.includes( job.id )
					);
					void bulk
						.run( action, chosen )
						.then( () => setSelected( [] ) );
				} }
				onDismiss={ bulk.dismiss }
			/>

			<div className="iacp-jobs-layout">
				<JobsTable
					jobs={ jobs }
					isLoading={ isLoading }
					error={ error }
					selected={ selected }
					onSelect={ setSelected }
					openJob={ detail }
					onOpen={ open }
					onFilterUser={ ( user ) =>
						filter( { user: String( user ) } )
					}
				/>
				{ detail && (
					<JobDetail
						key={ detail }
						id={ detail }
						onClose={ () => open( null ) }
						onFilterUser={ ( user ) =>
							filter( { user: String( user ) } )
						}
					/>
				) }
			</div>

			<ListPagination
				label={ __( 'Job pages', 'iacp' ) }
				totalWords={ sprintf(
					/* translators: %d: number of jobs. */
					_n( '%d job', '%d jobs', total, 'iacp' ),
					total
				) }
				page={ page }
				totalPages={ Math.max( 1, data?.totalPages ?? 1 ) }
				onPage={ ( next ) => {
					setState( ( current ) => ( { ...current, page: next } ) );
					setSelected( [] );
				} }
			/>
		</div>
	);
}
