/**
 * Every batch the reader may see (their own; managers see all), newest first: what it does, its state, how far
 * along, who started it and when. A batch's name opens its page.
 */
import { Button } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';
import { BATCH_STATUSES, type Batch } from '../../api/types';
import { BatchStatusBadge } from '../../components/BatchStatusBadge';
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
import { FilterSelect } from '../shared/FilterSelect';
import { ListPagination } from '../shared/ListPagination';
import { ListTable, type ListColumn } from '../shared/ListTable';
import type { BatchesNavigate } from './BatchesScreen';
import type { BatchesScreenState } from './batchesUrl';
import { modeLabel } from './modeLabel';

const PER_PAGE = 20;

/** What a batch does (its name opens its page), its state, how far along, who started it and when. */
function batchColumns(
	now: number,
	onOpen: ( id: number ) => void
): Array< ListColumn< Batch > > {
	return [
		{
			label: __( 'Batch', 'iacp' ),
			cell: ( batch ) => (
				<Button variant="link" onClick={ () => onOpen( batch.id ) }>
					{ batchTitle( batch ) }
				</Button>
			),
		},
		{
			label: __( 'Status', 'iacp' ),
			cell: ( batch ) => (
				<>
					<BatchStatusBadge status={ batch.status } />
					{ batch.pause_message && (
						<div className="iacp-batches-table__note">
							{ batch.pause_message }
						</div>
					) }
				</>
			),
		},
		{
			label: __( 'Progress', 'iacp' ),
			cell: ( batch ) => (
				<>
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
				</>
			),
		},
		{
			label: __( 'Mode', 'iacp' ),
			cell: ( batch ) => modeLabel( batch.mode ),
		},
		{
			label: __( 'User', 'iacp' ),
			cell: ( batch ) => batch.user?.name ?? '—',
		},
		{
			label: __( 'Created', 'iacp' ),
			cell: ( batch ) => (
				<RelativeTime iso={ batch.created_at } now={ now } />
			),
		},
	];
}

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
			<FilterSelect
				label={ __( 'Status', 'iacp' ) }
				allLabel={ __( 'All statuses', 'iacp' ) }
				value={ state.status }
				values={ BATCH_STATUSES }
				labelOf={ batchStatusLabel }
				onChange={ ( status ) =>
					navigate( ( current ) => ( {
						...current,
						status,
						page: 1,
					} ) )
				}
			/>
			<ListTable
				caption={ __( 'AI batches', 'iacp' ) }
				className="iacp-batches-table"
				columns={ batchColumns( now, onOpen ) }
				rows={ batches }
				rowKey={ ( batch ) => batch.id }
				rowAttributes={ ( batch ) => ( { 'data-batch-id': batch.id } ) }
				isLoading={ isLoading }
				error={ error }
				emptyText={ __(
					'No batches yet. Select posts or images in their list and choose an AI bulk action.',
					'iacp'
				) }
			/>
			<ListPagination
				label={ __( 'Batch pages', 'iacp' ) }
				totalWords={ sprintf(
					/* translators: %d: number of batches. */
					_n( '%d batch', '%d batches', total, 'iacp' ),
					total
				) }
				page={ state.page }
				totalPages={ Math.max( 1, data?.totalPages ?? 1 ) }
				onPage={ ( page ) =>
					navigate( ( current ) => ( { ...current, page } ) )
				}
			/>
		</div>
	);
}
