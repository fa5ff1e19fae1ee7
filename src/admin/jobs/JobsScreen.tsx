/**
 * Tools → AI Jobs: queue health, filters, the job table with bulk actions and pages, and a detail panel.
 */
import { useState } from '@wordpress/element';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useJobs } from '../../hooks/useJobs';
import { BulkActions } from './BulkActions';
import { JobDetail } from './JobDetail';
import {
	EMPTY_FILTERS,
	JobFilters,
	toJobFilters,
	type FilterState,
} from './JobFilters';
import { JobsPagination } from './JobsPagination';
import { JobsTable } from './JobsTable';
import { QueueHealthCard } from './QueueHealthCard';
import { useBulkJobActions } from './useBulkJobActions';

export function JobsScreen() {
	const [ filters, setFilters ] = useState< FilterState >( EMPTY_FILTERS );
	const [ page, setPage ] = useState( 1 );
	const [ selected, setSelected ] = useState< string[] >( [] );
	const [ detail, setDetail ] = useState< string | null >( null );
	const bulk = useBulkJobActions();
	const { data, isLoading, isFetching, error } = useJobs(
		toJobFilters( filters, page )
	);
	const jobs = data?.jobs ?? [];

	const update = ( patch: Partial< FilterState > ) => {
		setFilters( ( current ) => ( { ...current, ...patch } ) );
		setPage( 1 );
		setSelected( [] );
	};

	return (
		<div className="iacp-jobs-screen">
			<QueueHealthCard onStatus={ ( status ) => update( { status } ) } />
			<JobFilters filters={ filters } onChange={ update } />
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
			{ error && <ErrorNotice error={ error } /> }

			<div className="iacp-jobs-layout">
				<JobsTable
					jobs={ jobs }
					isLoading={ isLoading }
					selected={ selected }
					onSelect={ setSelected }
					openJob={ detail }
					onOpen={ setDetail }
				/>
				{ detail && (
					<JobDetail
						id={ detail }
						onClose={ () => setDetail( null ) }
					/>
				) }
			</div>

			<JobsPagination
				total={ data?.total ?? 0 }
				page={ page }
				totalPages={ Math.max( 1, data?.totalPages ?? 1 ) }
				onPage={ setPage }
			/>
		</div>
	);
}
