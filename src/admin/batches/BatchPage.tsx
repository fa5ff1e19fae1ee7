/**
 * One batch: its progress bar, counts (done, failed, waiting, skipped, to review), estimated time left, tokens
 * spent, why it is paused, its controls, and its items page by page. Polled while it plans or runs.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
	Spinner,
} from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';
import { BATCH_ITEM_STATUSES } from '../../api/types';
import { BatchStatusBadge } from '../../components/BatchStatusBadge';
import { ErrorNotice } from '../../components/ErrorNotice';
import { ProgressBar } from '../../components/ProgressBar';
import { RelativeTime } from '../../components/RelativeTime';
import {
	batchProgress,
	batchTitle,
	etaWords,
	itemStatusLabel,
	progressWords,
	tokensWords,
} from '../../batches/batchView';
import { useBatch } from '../../hooks/useBatches';
import { FactList } from '../jobs/detail/FactList';
import { FilterSelect } from '../shared/FilterSelect';
import { ListPagination } from '../shared/ListPagination';
import { BatchControls } from './BatchControls';
import { BatchItemsTable } from './BatchItemsTable';
import type { BatchesNavigate } from './BatchesScreen';
import type { BatchesScreenState } from './batchesUrl';
import { modeLabel } from './modeLabel';

const ITEMS_PER_PAGE = 20;

export function BatchPage( {
	id,
	state,
	navigate,
	onList,
	onReview,
}: {
	id: number;
	state: BatchesScreenState;
	navigate: BatchesNavigate;
	onList: () => void;
	onReview: () => void;
} ) {
	const { data, isLoading, error } = useBatch( id, {
		items_page: state.itemsPage,
		items_per_page: ITEMS_PER_PAGE,
		item_status: state.itemStatus,
	} );
	const batch = data?.batch;
	const itemsTotal = data?.items_total ?? 0;

	return (
		<div className="iacp-batches-screen">
			<Button variant="link" onClick={ onList }>
				{ __( '← All batches', 'iacp' ) }
			</Button>
			{ isLoading && <Spinner /> }
			{ error && <ErrorNotice error={ error } /> }
			{ batch && (
				<Card
					className="iacp-detail iacp-batch"
					role="region"
					aria-label={ __( 'Batch', 'iacp' ) }
				>
					<CardHeader>
						<h2>{ batchTitle( batch ) }</h2>
						<BatchStatusBadge status={ batch.status } />
					</CardHeader>
					<CardBody>
						{ batch.pause_message && (
							<Notice status="warning" isDismissible={ false }>
								{ batch.pause_message }
							</Notice>
						) }
						<ProgressBar
							value={ batchProgress( batch.counts ) }
							label={ __( 'Batch progress', 'iacp' ) }
						/>
						<p className="iacp-batch__progress">
							{ progressWords( batch.counts ) }
							{ etaWords( batch.eta_seconds, batch.status )
								? ` · ${ etaWords(
										batch.eta_seconds,
										batch.status
									) }`
								: '' }
						</p>
						<ul
							className="iacp-counts"
							aria-label={ __( 'Items by status', 'iacp' ) }
						>
							{ (
								[
									[
										__( 'Done', 'iacp' ),
										batch.counts.done +
											batch.counts.accepted,
									],
									[
										__( 'Failed', 'iacp' ),
										batch.counts.failed,
									],
									[
										__( 'Waiting', 'iacp' ),
										batch.counts.waiting +
											batch.counts.running,
									],
									[
										__( 'Skipped', 'iacp' ),
										batch.counts.skipped,
									],
									[
										__( 'To review', 'iacp' ),
										batch.counts.review,
									],
									[
										__( 'Rejected', 'iacp' ),
										batch.counts.rejected,
									],
								] as Array< [ string, number ] >
							 ).map( ( [ label, count ] ) => (
								<li key={ label }>
									<span className="iacp-counts__number">
										{ count }
									</span>{ ' ' }
									{ label }
								</li>
							) ) }
						</ul>
						<FactList
							facts={ [
								[
									__( 'Mode', 'iacp' ),
									modeLabel( batch.mode ),
								],
								[
									__( 'Tokens spent', 'iacp' ),
									tokensWords( batch.tokens ),
								],
								[
									__( 'Started by', 'iacp' ),
									batch.user?.name,
								],
								[
									__( 'Created', 'iacp' ),
									<RelativeTime
										key="created"
										iso={ batch.created_at }
									/>,
								],
							] }
						/>
						<BatchControls batch={ batch } onReview={ onReview } />
					</CardBody>
				</Card>
			) }
			{ batch && (
				<section
					className="iacp-batch__items"
					aria-label={ __( 'Items', 'iacp' ) }
				>
					<h2>{ __( 'Items', 'iacp' ) }</h2>
					<FilterSelect
						label={ __( 'Show items', 'iacp' ) }
						allLabel={ __( 'All items', 'iacp' ) }
						value={ state.itemStatus }
						values={ BATCH_ITEM_STATUSES }
						labelOf={ itemStatusLabel }
						onChange={ ( itemStatus ) =>
							navigate( ( current ) => ( {
								...current,
								itemStatus,
								itemsPage: 1,
							} ) )
						}
					/>
					<BatchItemsTable
						items={ data?.items ?? [] }
						isLoading={ isLoading }
					/>
					<ListPagination
						label={ __( 'Item pages', 'iacp' ) }
						totalWords={ sprintf(
							/* translators: %d: number of items. */
							_n( '%d item', '%d items', itemsTotal, 'iacp' ),
							itemsTotal
						) }
						page={ state.itemsPage }
						totalPages={ Math.max(
							1,
							Math.ceil( itemsTotal / ITEMS_PER_PAGE )
						) }
						onPage={ ( itemsPage ) =>
							navigate( ( current ) => ( {
								...current,
								itemsPage,
							} ) )
						}
					/>
				</section>
			) }
		</div>
	);
}
