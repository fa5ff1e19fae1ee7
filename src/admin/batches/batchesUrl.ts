/**
 * The AI Batches screen's state in its URL (`tools.php?page=iacp-batches`, `&batch=<id>`, `&batch=<id>&view=review`)
 * plus the list's page and status and the batch page's item page and status. Pure functions, tested in Jest.
 */
import {
	BATCH_ITEM_STATUSES,
	BATCH_STATUSES,
	type BatchItemStatus,
	type BatchStatus,
} from '../../api/types';
import {
	oneOf,
	positiveIntegerArg,
	withScreenArgs,
} from '../shared/screenUrlArgs';

export interface BatchesScreenState {
	/** The open batch; null shows the list. */
	batch: number | null;
	view: 'items' | 'review';
	/** The list's page and status filter. */
	page: number;
	status: BatchStatus | '';
	/** The batch page's item page and status filter. */
	itemsPage: number;
	itemStatus: BatchItemStatus | '';
}

export const EMPTY_BATCHES_STATE: BatchesScreenState = {
	batch: null,
	view: 'items',
	page: 1,
	status: '',
	itemsPage: 1,
	itemStatus: '',
};

/** A page or batch number; ten digits keep it a safe JavaScript number. */
function positive( value: string | null ): number | null {
	const digits = positiveIntegerArg( value, 10 );
	return digits === '' ? null : Number( digits );
}

/** What a URL's query string says; anything malformed is ignored rather than sent to the server. */
export function parseBatchesUrl( search: string ): BatchesScreenState {
	const args = new URLSearchParams( search );
	const batch = positive( args.get( 'batch' ) );
	return {
		batch,
		view:
			batch !== null && args.get( 'view' ) === 'review'
				? 'review'
				: 'items',
		page: positive( args.get( 'paged' ) ) ?? 1,
		status: oneOf( BATCH_STATUSES, args.get( 'status' ) ),
		itemsPage: positive( args.get( 'items_paged' ) ) ?? 1,
		itemStatus: oneOf( BATCH_ITEM_STATUSES, args.get( 'item_status' ) ),
	};
}

/** The query string for a state, keeping the arguments this screen does not own; defaults are left out. */
export function batchesUrlSearch(
	current: string,
	state: BatchesScreenState
): string {
	const list = state.batch === null;
	// The item filter and page belong to a batch's items, not to its review.
	const items = ! list && state.view !== 'review';
	return withScreenArgs( current, {
		batch: list ? '' : String( state.batch ),
		view: ! list && state.view === 'review' ? 'review' : '',
		status: list ? state.status : '',
		paged: list && state.page > 1 ? String( state.page ) : '',
		item_status: items ? state.itemStatus : '',
		items_paged:
			items && state.itemsPage > 1 ? String( state.itemsPage ) : '',
	} );
}

/** The link to a batch's page (or its review) from any admin screen, e.g. the Media Library. */
export function batchScreenUrl(
	adminUrl: string,
	batch: number,
	view: 'items' | 'review' = 'items'
): string {
	const base = adminUrl.endsWith( '/' ) ? adminUrl : `${ adminUrl }/`;
	const review = view === 'review' ? '&view=review' : '';
	return `${ base }tools.php?page=iacp-batches&batch=${ Math.trunc(
		batch
	) }${ review }`;
}

/** Every change on this screen is a choice (a batch, a page, a filter): each gets its own history entry. */
export function isNewBatchesHistoryEntry(
	from: BatchesScreenState,
	to: BatchesScreenState
): boolean {
	return batchesUrlSearch( '', from ) !== batchesUrlSearch( '', to );
}
