/**
 * Marks a job as on screen while the calling component shows it, so no snackbar repeats what the user sees.
 */
import { useDispatch } from '@wordpress/data';
import { useEffect } from '@wordpress/element';
import { store } from './store';

export function useWatchJob( jobId: string | null | undefined ) {
	const { watchJob, unwatchJob } = useDispatch( store );
	useEffect( () => {
		if ( ! jobId ) {
			return undefined;
		}
		watchJob( jobId );
		return () => {
			unwatchJob( jobId );
		};
	}, [ jobId, watchJob, unwatchJob ] );
}
