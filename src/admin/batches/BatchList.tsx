/**
 * Every batch the reader may see (their own; managers see all), newest first: what it does, its state, how far
 * along, who started it and when. A batch's name opens its page.
 */
import { Button, SelectControl, Spinner } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';
import { BATCH_STATUSES, type BatchStatus } from '../../api/types';
import { BatchStatusBadge } from '../../components/BatchStatusBadge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ProgressBar } from '../../components/ProgressBar';
import { RelativeTime } from '../../components/RelativeTime';
import {
	batchProgress,
	batchStatusLabel,
	batchTitle,
	countsSummary,
} from '../../batches/batchView';
import { useBatchList } from '../../hooks/useBatches';
import { useNow } from '../../hooks/useNow';
import { JobsPagination } from '../jobs/JobsPagination';
import type { BatchesNavigate } from './BatchesScreen';
import type { BatchesScreenState } from './batchesUrl';
import { modeLabel } from './modeLabel';

const COLUMNS = 6;
const PER_PAGE = 20;

export function BatchList( {
	state,
	navigate,
	onOpen,
}: {
	state: BatchesScreenState;
	navigate: BatchesNavigate;
	onOpen: ( id: number ) => void;
} ) {
	const now = useNow( true, 30000 );
	const { data, isLoading, error } = useBatchList( {
		page: state.page,
		per_page: PER_PAGE,
		status: state.status,
	} );
	const batches = data?.batches ?? [];
	const total = data?.total ?? 0;

	return (
		<div className="iacp-batches-screen">
			<p className="iacp-batches-screen__intro">
				{ __(
					'Bulk AI work started from the Posts and Media lists. Each batch runs in the background: you can close this page.',
					'iacp'
				) }
			</p>
			<SelectControl
				__nextHasNoMarginBottom
				label={ __( 'Status', 'iacp' ) }
				value={ state.status }
				options={ [
					{ value: '', label: __( 'All statuses', 'iacp' ) },
					...BATCH_STATUSES.map( ( status ) => ( {
						value: status,
						label: batchStatusLabel( status ),
					} ) ),
				] }
				onChange={ ( status ) =>
					navigate( ( current ) => ( {
						...current,
						status: status as BatchStatus | '',
						page: 1,
					} ) )
				}
			/>
			{ error && <ErrorNotice error={ error } /> }
			<table className="wp-list-table widefat striped iacp-batches-table">
				<caption className="screen-reader-text">
					{ __( 'AI batches', 'iacp' ) }
				</caption>
				<thead>
					<tr>
						<th scope="col">{ __( 'Batch', 'iacp' ) }</th>
						<th scope="col">{ __( 'Status', 'iacp' ) }</th>
						<th scope="col">{ __( 'Progress', 'iacp' ) }</th>
						<th scope="col">{ __( 'Mode', 'iacp' ) }</th>
						<th scope="col">{ __( 'User', 'iacp' ) }</th>
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
					{ ! isLoading && batches.length === 0 && (
						<tr>
							<td colSpan={ COLUMNS }>
								{ __(
									'No batches yet. Select posts or images in their list and choose an AI bulk action.',
									'iacp'
								) }
							</td>
						</tr>
					) }
					{ batches.map( ( batch ) => (
						<tr key={ batch.id } data-batch-id={ batch.id }>
							<td>
								<Button
									variant="link"
									onClick={ () => onOpen( batch.id ) }
								>
									{ batchTitle( batch ) }
								</Button>
							</td>
							<td>
								<BatchStatusBadge status={ batch.status } />
								{ batch.pause_message && (
									<div className="iacp-batches-table__note">
										{ batch.pause_message }
									</div>
								) }
							</td>
							<td>
								<ProgressBar
									value={ batchProgress( batch.counts ) }
									label={ sprintf(
										/* translators: %s: batch title. */
										__( 'Progress of %s', 'iacp' ),
										batchTitle( batch )
									) }
								/>
								<div className="iacp-batches-table__note">
									{ countsSummary( batch.counts ) }
								</div>
							</td>
							<td>{ modeLabel( batch.mode ) }</td>
							<td>{ batch.user?.name ?? '—' }</td>
							<td>
								<RelativeTime
									iso={ batch.created_at }
									now={ now }
								/>
							</td>
						</tr>
					) ) }
				</tbody>
			</table>
			<JobsPagination
				label={ __( 'Batch pages', 'iacp' ) }
				totalWords={ sprintf(
					/* translators: %d: number of batches. */
					_n( '%d batch', '%d batches', total, 'iacp' ),
					total
				) }
				total={ total }
				page={ state.page }
				totalPages={ Math.max( 1, data?.totalPages ?? 1 ) }
				onPage={ ( page ) =>
					navigate( ( current ) => ( { ...current, page } ) )
				}
			/>
		</div>
	);
}
