/**
 * Query keys: one prefix for the plugin. TanStack Query hashes keys stably (object keys sorted), so filters go in
 * as plain objects; jobQueryArgs() drops empty values and sorts statuses, so equal filters give equal keys.
 */
import { batchItemArgs, batchListArgs } from '../api/batches';
import { jobQueryArgs } from '../api/client';
import type {
	BatchItemFilters,
	BatchListFilters,
	JobFilters,
} from '../api/types';

export const queryKeys = {
	all: [ 'iacp' ] as const,
	job: ( id: string ) => [ 'iacp', 'job', id ] as const,
	jobLists: () => [ 'iacp', 'jobs' ] as const,
	jobs: ( filters: JobFilters ) =>
		[ 'iacp', 'jobs', jobQueryArgs( filters ) ] as const,
	queue: () => [ 'iacp', 'queue' ] as const,
	batchLists: () => [ 'iacp', 'batches' ] as const,
	batches: ( filters: BatchListFilters ) =>
		[ 'iacp', 'batches', batchListArgs( filters ) ] as const,
	batch: ( id: number ) => [ 'iacp', 'batch', id ] as const,
	batchItems: ( id: number, filters: BatchItemFilters ) =>
		[ 'iacp', 'batch', id, batchItemArgs( filters ) ] as const,
	settings: () => [ 'iacp', 'settings' ] as const,
	models: () => [ 'iacp', 'settings', 'models' ] as const,
	jobSubjects: (
		kind: 'users' | 'posts',
		search: string,
		include: readonly number[]
	) => [ 'iacp', 'job-subjects', kind, search, include ] as const,
};
