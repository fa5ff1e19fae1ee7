/**
 * A page of jobs matching filters, with totals from the X-WP-Total headers; polled while any job moves.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { listJobs } from '../api/client';
import type { JobFilters } from '../api/types';
import { jobListPollInterval } from './pollInterval';
import { queryKeys } from './queryKeys';

export interface UseJobsOptions {
	enabled?: boolean;
	/** Poll every this many ms while a listed job is pending or processing. */
	activePollMs?: number;
}

export function useJobs( filters: JobFilters, options: UseJobsOptions = {} ) {
	return useQuery( {
		queryKey: queryKeys.jobs( filters ),
		queryFn: ( { signal } ) => listJobs( filters, signal ),
		enabled: options.enabled ?? true,
		placeholderData: keepPreviousData,
		refetchInterval: ( q ) =>
			jobListPollInterval( q.state.data?.jobs, options.activePollMs ),
		refetchIntervalInBackground: false,
	} );
}
