/**
 * The people or posts that have jobs, matching what the user typed into a picker (managers only).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { listJobSubjects } from '../api/client';
import { queryKeys } from './queryKeys';

export function useJobSubjects(
	kind: 'users' | 'posts',
	search: string,
	include: number[]
) {
	return useQuery( {
		queryKey: queryKeys.jobSubjects( kind, search, include ),
		queryFn: ( { signal } ) =>
			listJobSubjects( kind, search, include, signal ),
		placeholderData: keepPreviousData,
		staleTime: 30000,
	} );
}
