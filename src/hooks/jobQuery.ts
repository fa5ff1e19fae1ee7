/**
 * The single-job query, defined once: polling (useJob), the event stream (jobStream) and the mutations all read
 * and write the cache through it. Reads are conditional: the last ETag per job goes along, and a 304 keeps the
 * cached copy.
 */
import { queryOptions, type QueryClient } from '@tanstack/react-query';
import { getJob } from '../api/client';
import type { Job } from '../api/types';
import { queryKeys } from './queryKeys';

/** The last ETag the server sent for each job, shared by every component that reads it. */
const etags = new Map< string, string | null >();

async function fetchJob(
	client: QueryClient,
	id: string,
	signal: AbortSignal
): Promise< Job > {
	const cached = client.getQueryData< Job >( queryKeys.job( id ) );
	const result = await getJob(
		id,
		cached ? ( etags.get( id ) ?? null ) : null,
		signal
	);
	etags.set( id, result.etag );
	if ( ! result.notModified ) {
		return result.job;
	}
	if ( cached ) {
		return cached;
	}
	// A 304 without a cached copy: ask again, unconditionally.
	const fresh = await getJob( id, null, signal );
	if ( fresh.notModified ) {
		throw new Error( 'Unexpected 304' );
	}
	return fresh.job;
}

export function jobQuery( id: string ) {
	return queryOptions( {
		queryKey: queryKeys.job( id ),
		queryFn: ( { client, signal } ): Promise< Job > =>
			fetchJob( client, id, signal ),
		enabled: id !== '',
	} );
}
