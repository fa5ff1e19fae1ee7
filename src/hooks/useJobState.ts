/**
 * "This job, live or not" for any screen that shows one job: the job (read by id and kept fresh, or a row a list
 * already keeps fresh), its view model, and its actions.
 */
import type { Job } from '../api/types';
import { useJob } from './useJob';
import { useJobActions } from './useJobActions';
import { useJobView } from './useJobView';

export interface UseJobStateOptions {
	/** Follow the job through its event stream (dialogs); otherwise it is polled. */
	live?: boolean;
	/** Called once the job was deleted. */
	onRemoved?: () => void;
}

/**
 * @param source The job's id (read and followed here), or a job a list shows (used as it is).
 */
export function useJobState(
	source: string | Job | null | undefined,
	{ live = false, onRemoved }: UseJobStateOptions = {}
) {
	const listed = typeof source === 'object' && source !== null;
	const read = useJob( listed ? null : source, { live } );
	const job = listed ? source : read.job;
	const view = useJobView( job, ! listed );
	const actions = useJobActions( job, { onRemoved } );
	return {
		job,
		view,
		actions,
		isLoading: ! listed && read.isLoading,
		loadError: listed ? null : read.error,
	};
}
