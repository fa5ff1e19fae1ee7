/**
 * One job, kept fresh: through its event stream when that gets through, polling at the server's pace otherwise.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from '@wordpress/element';
import { jobQuery } from './jobQuery';
import { acquireJobStream } from './jobStream';
import { isFinalStatus, jobPollInterval } from './pollInterval';

export interface UseJobOptions {
	/** Open an event stream for this job (dialogs do; lists poll). */
	live?: boolean;
}

export function useJob(
	id: string | null | undefined,
	options: UseJobOptions = {}
) {
	const client = useQueryClient();
	const [ streaming, setStreaming ] = useState( false );
	const query = useQuery( {
		...jobQuery( id ?? '' ),
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
