/**
 * Retry, cancel and delete for one job: the mutations, their busy states and the last error, in one object that
 * the JobActions component renders.
 */
import type { ApiError } from '../api/errors';
import type { Job } from '../api/types';
import { useCancelJob, useDeleteJob, useRetryJob } from './useJobMutations';

export interface JobActionHandlers {
	retry: () => void;
	cancel: () => void;
	remove: () => void;
	retrying: boolean;
	cancelling: boolean;
	removing: boolean;
	/** Why the last action was refused, until another one is tried. */
	error: ApiError | null;
}

export function useJobActions(
	job: Job | undefined,
	{ onRemoved }: { onRemoved?: () => void } = {}
): JobActionHandlers {
	const retry = useRetryJob();
	const cancel = useCancelJob();
	const remove = useDeleteJob();
	const id = job?.id;
	return {
		retry: () => id && retry.mutate( id ),
		cancel: () => id && cancel.mutate( id ),
		remove: () => id && remove.mutate( id, { onSuccess: onRemoved } ),
		retrying: retry.isPending,
		cancelling: cancel.isPending,
		removing: remove.isPending,
		error: retry.error ?? cancel.error ?? remove.error,
	};
}
