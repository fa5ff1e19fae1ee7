/**
 * Retry, cancel or delete the selected jobs one by one, skipping those whose state does not allow it, and say in
 * one sentence what happened.
 */
import { speak } from '@wordpress/a11y';
import { useState } from '@wordpress/element';
import { _n, sprintf } from '@wordpress/i18n';
import type { Job } from '../../api/types';
import {
	useCancelJob,
	useDeleteJob,
	useRetryJob,
} from '../../hooks/useJobMutations';
import { permittedActions } from '../../jobs/jobView';

export type BulkAction = 'retry' | 'cancel' | 'delete';

function allowed( action: BulkAction, job: Job ): boolean {
	const can = permittedActions( job );
	return {
		retry: can.canRetry,
		cancel: can.canCancel,
		delete: can.canDelete,
	}[ action ];
}

function summary( done: number, failed: number, skipped: number ): string {
	return [
		sprintf(
			/* translators: %d: number of jobs. */
			_n( '%d job updated.', '%d jobs updated.', done, 'iacp' ),
			done
		),
		failed > 0
			? sprintf(
					/* translators: %d: number of jobs. */
					_n( '%d job failed.', '%d jobs failed.', failed, 'iacp' ),
					failed
				)
			: '',
		skipped > 0
			? sprintf(
					/* translators: %d: number of jobs. */
					_n(
						'%d job skipped (not possible in its state).',
						'%d jobs skipped (not possible in their state).',
						skipped,
						'iacp'
					),
					skipped
				)
			: '',
	]
		.filter( Boolean )
		.join( ' ' );
}

export function useBulkJobActions() {
	const retry = useRetryJob();
	const cancel = useCancelJob();
	const remove = useDeleteJob();
	const [ busy, setBusy ] = useState( false );
	const [ message, setMessage ] = useState< string | null >( null );
	const mutations = { retry, cancel, delete: remove };

	/** Runs the action on the selected jobs; resolves once every one has answered. */
	const run = async ( action: BulkAction, selected: Job[] ) => {
		const targets = selected.filter( ( job ) => allowed( action, job ) );
		setBusy( true );
		let done = 0;
		let failed = 0;
		for ( const job of targets ) {
			try {
				await mutations[ action ].mutateAsync( job.id );
				done++;
			} catch {
				failed++;
			}
		}
		setBusy( false );
		const text = summary( done, failed, selected.length - targets.length );
		setMessage( text );
		speak( text );
	};

	return { run, busy, message, dismiss: () => setMessage( null ) };
}
