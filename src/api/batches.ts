/**
 * The /batches part of the iacp/v1 client: start a batch, list batches, read one with a page of its items,
 * pause/resume/cancel/retry it, and accept or reject the results it holds for review.
 */
import { addQueryArgs } from '@wordpress/url';
import { NAMESPACE, request } from './client';
import type {
	AcceptResult,
	Batch,
	BatchControl,
	BatchItemFilters,
	BatchListFilters,
	BatchPage,
	BatchWithItems,
	ReviewDecision,
	StartBatchRequest,
} from './types';

/** Query arguments for a batch listing, empty values left out so equal filters give equal paths. */
export function batchListArgs(
	filters: BatchListFilters
): Record< string, string | number > {
	const args: Record< string, string | number > = {};
	if ( filters.status ) {
		args.status = filters.status;
	}
	if ( filters.page && filters.page > 1 ) {
		args.page = filters.page;
	}
	if ( filters.per_page ) {
		args.per_page = filters.per_page;
	}
	return args;
}

/** Query arguments for one batch's page of items. */
export function batchItemArgs(
	filters: BatchItemFilters
): Record< string, string | number > {
	const args: Record< string, string | number > = {};
	if ( filters.item_status ) {
		args.item_status = filters.item_status;
	}
	if ( filters.items_page && filters.items_page > 1 ) {
		args.items_page = filters.items_page;
	}
	if ( filters.items_per_page ) {
		args.items_per_page = filters.items_per_page;
	}
	return args;
}

export function batchPath( id: number, control?: BatchControl | 'accept' ) {
	const base = `${ NAMESPACE }/batches/${ Math.trunc( id ) }`;
	return control ? `${ base }/${ control }` : base;
}

function headerNumber( headers: Headers, name: string, fallback: number ) {
	const raw = headers.get( name );
	const value = Number( raw );
	return raw !== null && Number.isFinite( value ) ? value : fallback;
}

export async function startBatch( batch: StartBatchRequest ): Promise< Batch > {
	const { body } = await request< Batch >( {
		path: `${ NAMESPACE }/batches`,
		method: 'POST',
		data: batch,
	} );
	return body;
}

export async function listBatches(
	filters: BatchListFilters,
	signal?: AbortSignal
): Promise< BatchPage > {
	const { body, headers } = await request< Batch[] >( {
		path: addQueryArgs(
			`${ NAMESPACE }/batches`,
			batchListArgs( filters )
		),
		signal,
	} );
	const batches = Array.isArray( body ) ? body : [];
	return {
		batches,
		total: headerNumber( headers, 'X-WP-Total', batches.length ),
		totalPages: headerNumber( headers, 'X-WP-TotalPages', 1 ),
	};
}

export async function getBatch(
	id: number,
	filters: BatchItemFilters = {},
	signal?: AbortSignal
): Promise< BatchWithItems > {
	const { body } = await request< BatchWithItems >( {
		path: addQueryArgs( batchPath( id ), batchItemArgs( filters ) ),
		signal,
	} );
	return {
		batch: body.batch,
		items: Array.isArray( body.items ) ? body.items : [],
		items_total:
			typeof body.items_total === 'number' ? body.items_total : 0,
	};
}

export async function controlBatch(
	id: number,
	control: BatchControl
): Promise< Batch > {
	const { body } = await request< Batch >( {
		path: batchPath( id, control ),
		method: 'POST',
	} );
	return body;
}

/** Accepts or rejects items awaiting review; `'all'` accepts every one of them. */
export async function reviewBatch(
	id: number,
	decisions: ReviewDecision[] | 'all'
): Promise< AcceptResult > {
	const { body } = await request< AcceptResult >( {
		path: batchPath( id, 'accept' ),
		method: 'POST',
		data: decisions === 'all' ? { all: true } : { decisions },
	} );
	return {
		...body,
		conflicts: Array.isArray( body.conflicts ) ? body.conflicts : [],
	};
}
