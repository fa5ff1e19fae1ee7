/**
 * Tools → AI Batches: the list of batches, one batch's page, or its review screen, as the URL says
 * (`&batch=<id>`, `&batch=<id>&view=review`), so back/forward and links from the list screens work.
 */
import { useUrlState } from '../../hooks/useUrlState';
import { BatchList } from './BatchList';
import { BatchPage } from './BatchPage';
import {
	batchesUrlSearch,
	isNewBatchesHistoryEntry,
	parseBatchesUrl,
	type BatchesScreenState,
} from './batchesUrl';
import { ReviewScreen } from './ReviewScreen';

export type BatchesNavigate = (
	change: ( from: BatchesScreenState ) => BatchesScreenState
) => void;

export function BatchesScreen() {
	const [ state, navigate ] = useUrlState(
		parseBatchesUrl,
		batchesUrlSearch,
		isNewBatchesHistoryEntry
	);
	const openBatch = ( batch: number | null, view: 'items' | 'review' ) =>
		navigate( ( current ) => ( {
			...current,
			batch,
			view,
			itemsPage: 1,
			itemStatus: '',
		} ) );

	if ( state.batch === null ) {
		return (
			<BatchList
				state={ state }
				navigate={ navigate }
				onOpen={ ( id ) => openBatch( id, 'items' ) }
			/>
		);
	}
	if ( state.view === 'review' ) {
		return (
			<ReviewScreen
				key={ state.batch }
				id={ state.batch }
				onBack={ () => openBatch( state.batch, 'items' ) }
			/>
		);
	}
	return (
		<BatchPage
			key={ state.batch }
			id={ state.batch }
			state={ state }
			navigate={ navigate }
			onList={ () => openBatch( null, 'items' ) }
			onReview={ () => openBatch( state.batch, 'review' ) }
		/>
	);
}
