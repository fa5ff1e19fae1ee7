/**
 * Batches through TanStack Query: a page of batches, one batch with a page of its items (both polled while a
 * batch plans or runs), and the controls and review decisions, which write their answer into the cache.
 */
import {
	keepPreviousData,
	useMutation,
	useQuery,
	useQueryClient,
	type QueryClient,
} from '@tanstack/react-query';
import {
	controlBatch,
	getBatch,
	listBatches,
	reviewBatch,
} from '../api/batches';
import type { ApiError } from '../api/errors';
import type {
	AcceptResult,
	Batch,
	BatchControl,
	BatchItemFilters,
	BatchListFilters,
	ReviewDecision,
} from '../api/types';
import { isBatchActive } from '../batches/batchView';
import { queryKeys } from './queryKeys';

/** How often a screen asks about a planning or running batch. */
export const BATCH_POLL_MS = 3000;

export function useBatchList( filters: BatchListFilters ) {
	return useQuery( {
		queryKey: queryKeys.batches( filters ),
		queryFn: ( { signal } ) => listBatches( filters, signal ),
		placeholderData: keepPreviousData,
		refetchInterval: ( q ) =>
			q.state.data?.batches.some( ( batch ) =>
				isBatchActive( batch.status )
			)
				? BATCH_POLL_MS
				: false,
		refetchIntervalInBackground: false,
	} );
}

export function useBatch( id: number, filters: BatchItemFilters = {} ) {
	return useQuery( {
		queryKey: queryKeys.batchItems( id, filters ),
		queryFn: ( { signal } ) => getBatch( id, filters, signal ),
		placeholderData: keepPreviousData,
		refetchInterval: ( q ) => {
			const batch = q.state.data?.batch;
			// Review items arrive while it runs; once it stops only a person's action changes it.
			return batch && ! isBatchActive( batch.status )
				? false
				: BATCH_POLL_MS;
		},
		refetchIntervalInBackground: false,
	} );
}

function refresh( client: QueryClient, batch: Batch ) {
	void client.invalidateQueries( { queryKey: queryKeys.batch( batch.id ) } );
	void client.invalidateQueries( { queryKey: queryKeys.batchLists() } );
}

export function useBatchControl( id: number ) {
	const client = useQueryClient();
	return useMutation< Batch, ApiError, BatchControl >( {
		mutationFn: ( control ) => controlBatch( id, control ),
		onSuccess: ( batch ) => refresh( client, batch ),
	} );
}

export function useReviewBatch( id: number ) {
	const client = useQueryClient();
	return useMutation< AcceptResult, ApiError, ReviewDecision[] | 'all' >( {
		mutationFn: ( decisions ) => reviewBatch( id, decisions ),
		onSuccess: ( result ) => refresh( client, result.batch ),
	} );
}
