/**
 * Starting, cancelling, retrying and deleting jobs; each writes the answer into the cache and refreshes lists.
 */
import {
	useMutation,
	useQueryClient,
	type QueryClient,
} from '@tanstack/react-query';
import {
	cancelJob,
	deleteJob,
	newIdempotencyKey,
	retryJob,
	startJob,
} from '../api/client';
import type { ApiError } from '../api/errors';
import type { Job, StartJobRequest } from '../api/types';
import { jobQuery } from './jobQuery';
import { queryKeys } from './queryKeys';

function remember( client: QueryClient, job: Job ) {
	client.setQueryData( jobQuery( job.id ).queryKey, job );
	void client.invalidateQueries( { queryKey: queryKeys.jobLists() } );
	void client.invalidateQueries( { queryKey: queryKeys.queue() } );
}

export interface StartJobVariables {
	request: StartJobRequest;
	/** The same key for a resent request makes the server hand back the original job. */
	idempotencyKey?: string;
}

export function useStartJob() {
	const client = useQueryClient();
	return useMutation< Job, ApiError, StartJobVariables >( {
		mutationFn: ( { request, idempotencyKey } ) =>
			startJob( request, idempotencyKey ?? newIdempotencyKey() ),
		onSuccess: ( job ) => remember( client, job ),
	} );
}

export function useCancelJob() {
	const client = useQueryClient();
	return useMutation< Job, ApiError, string >( {
		mutationFn: cancelJob,
		onSuccess: ( job ) => remember( client, job ),
	} );
}

export function useRetryJob() {
	const client = useQueryClient();
	return useMutation< Job, ApiError, string >( {
		mutationFn: retryJob,
		onSuccess: ( job ) => remember( client, job ),
	} );
}

export function useDeleteJob() {
	const client = useQueryClient();
	return useMutation< void, ApiError, string >( {
		mutationFn: deleteJob,
		onSuccess: ( _nothing, id ) => {
			client.removeQueries( { queryKey: jobQuery( id ).queryKey } );
			void client.invalidateQueries( {
				queryKey: queryKeys.jobLists(),
			} );
			void client.invalidateQueries( { queryKey: queryKeys.queue() } );
		},
	} );
}
