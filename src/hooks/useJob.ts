/**
 * One job, kept fresh: through its event stream when that gets through, polling at the server's pace otherwise.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from '@wordpress/element';
import { getJob } from '../api/client';
import type { Job } from '../api/types';
import { acquireJobStream } from './jobStream';
import { isFinalStatus, jobPollInterval } from './pollInterval';
import { queryKeys } from './queryKeys';

export interface UseJobOptions {
	/** Open an event stream for this job (popovers do; lists poll). */
	live?: boolean;
}

export function useJob(
	id: string | null | undefined,
	options: UseJobOptions = {}
) {
	const client = useQueryClient();
	const [ streaming, setStreaming ] = useState( false );
	const etags = useRef( new Map< string, string | null >() );

	const query = useQuery( {
		queryKey: queryKeys.job( id ?? '' ),
		enabled: !! id,
		queryFn: async ( { signal } ): Promise< Job > => {
			const jobId = id ?? '';
			const cached = client.getQueryData< Job >( queryKeys.job( jobId ) );
			const result = await getJob(
				jobId,
				cached ? ( etags.current.get( jobId ) ?? null ) : null,
				signal
			);
			etags.current.set( jobId, result.etag );
			if ( result.notModified ) {
				if ( cached ) {
					return cached;
				}
				// A 304 without a cached copy: ask again, unconditionally.
				const fresh = await getJob( jobId, null, signal );
				if ( fresh.notModified ) {
					throw new Error( 'Unexpected 304' );
				}
				return fresh.job;
			}
			return result.job;
		},
		refetchInterval: ( q ) => jobPollInterval( q.state.data, streaming ),
		refetchIntervalInBackground: false,
	} );

	const status = query.data?.status;
	const final = status !== undefined && isFinalStatus( status );
	const live = options.live === true;

	useEffect( () => {
		if ( ! id || ! live || final ) {
			return undefined;
		}
		return acquireJobStream( client, id, setStreaming );
	}, [ client, id, live, final ] );

	return { ...query, job: query.data, streaming };
}
