/**
 * Queue health for managers, refreshed every 15 s while the screen is visible.
 */
import { useQuery } from '@tanstack/react-query';
import { getQueueHealth } from '../api/client';
import { queryKeys } from './queryKeys';

export function useQueueHealth( enabled = true ) {
	return useQuery( {
		queryKey: queryKeys.queue(),
		queryFn: getQueueHealth,
		enabled,
		refetchInterval: 15000,
		refetchIntervalInBackground: false,
	} );
}
