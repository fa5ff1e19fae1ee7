/**
 * While the calling component shows a job, JobNotifier shows no "job finished" snackbar for it: the user sees
 * the outcome already.
 */
import { useDispatch } from '@wordpress/data';
import { useEffect } from '@wordpress/element';
import { store } from './store';

export function useSuppressJobSnackbar( jobId: string | null | undefined ) {
	const { showingJob, stopShowingJob } = useDispatch( store );
	useEffect( () => {
		if ( ! jobId ) {
			return undefined;
		}
		showingJob( jobId );
		return () => {
			stopShowingJob( jobId );
		};
	}, [ jobId, showingJob, stopShowingJob ] );
}
