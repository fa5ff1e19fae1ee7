/**
 * Says in a snackbar when one of this post's jobs finishes while nothing on screen shows it (its dialog closed,
 * or the page was reloaded while it ran).
 */
import { speak } from '@wordpress/a11y';
import { useDispatch, useRegistry, useSelect } from '@wordpress/data';
import { store as editorStore } from '@wordpress/editor';
import { useEffect, useRef } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { store as noticesStore } from '@wordpress/notices';
import type { JobStatus } from '../api/types';
import { useJobs } from '../hooks/useJobs';
import { isFinalStatus } from '../hooks/pollInterval';
import { finishedSnackbar } from './finishedSnackbar';
import { openJobsSidebar } from './sidebar/openJobsSidebar';
import { postJobFilters } from './sidebar/postJobs';
import { store } from './store';

export function JobNotifier() {
	const registry = useRegistry();
	const postId = useSelect(
		( select ) => select( editorStore ).getCurrentPostId(),
		[]
	);
	const { data } = useJobs( postJobFilters( postId ?? 0 ), {
		enabled: !! postId,
	} );
	const { createNotice } = useDispatch( noticesStore );
	const seen = useRef( new Map< string, JobStatus >() );

	useEffect( () => {
		for ( const job of data?.jobs ?? [] ) {
			const before = seen.current.get( job.id );
			seen.current.set( job.id, job.status );
			const finishedNow =
				before !== undefined &&
				! isFinalStatus( before ) &&
				isFinalStatus( job.status );
			if (
				! finishedNow ||
				registry.select( store ).isJobOnScreen( job.id )
			) {
				continue;
			}
			const postTitle = String(
				registry
					.select( editorStore )
					.getEditedPostAttribute( 'title' ) ?? ''
			);
			const message = finishedSnackbar( job, postTitle );
			void createNotice(
				job.status === 'completed' ? 'success' : 'warning',
				message,
				{
					id: `iacp-job-${ job.id }`,
					type: 'snackbar',
					actions: [
						{
							// The sidebar lists this post's jobs with the result to insert or retry.
							label:
								job.status === 'completed'
									? __( 'Review', 'iacp' )
									: __( 'Show AI jobs', 'iacp' ),
							onClick: () => openJobsSidebar( registry ),
						},
					],
				}
			);
			speak( message );
		}
	}, [ data, createNotice, registry ] );

	return null;
}
