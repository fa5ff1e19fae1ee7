/**
 * The frame of every AI dialog in the editor. It never holds the page while a job runs: Escape (or a click
 * outside) closes it and the job keeps running, and "Minimise" moves it to the AI jobs sidebar in one click,
 * from where it reopens with its progress. Either way the job's finish is announced by a snackbar.
 */
import { speak } from '@wordpress/a11y';
import { Button, Modal } from '@wordpress/components';
import { useDispatch, useRegistry } from '@wordpress/data';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';
import type { Job } from '../../api/types';
import { isFinalStatus } from '../../hooks/pollInterval';
import { minimiseIcon } from '../icon';
import { openJobsSidebar } from '../sidebar/openJobsSidebar';
import { store } from '../store';

export function JobDialogFrame( {
	title,
	className,
	jobId,
	job,
	children,
}: {
	title: string;
	className: string;
	/** The dialog's job, once started. */
	jobId: string | null;
	job: Job | undefined;
	children: ReactNode;
} ) {
	// Until the job is loaded, a started job counts as running.
	const jobRunning = !! jobId && ! isFinalStatus( job?.status ?? 'pending' );
	const registry = useRegistry();
	const { closeDialog } = useDispatch( store );
	const keepsRunning = __(
		'The AI job keeps running. Reopen it from the AI jobs sidebar.',
		'iacp'
	);

	const close = () => {
		closeDialog();
		if ( jobRunning ) {
			speak( keepsRunning );
		}
	};
	const minimise = () => {
		closeDialog();
		openJobsSidebar( registry );
		speak(
			jobRunning
				? keepsRunning
				: __( 'The AI job is in the AI jobs sidebar.', 'iacp' )
		);
	};

	return (
		<Modal
			title={ title }
			onRequestClose={ close }
			className={ `iacp-dialog ${ className }` }
			size="medium"
			headerActions={
				// Shown for as long as the dialog has a job, so it never vanishes under the pointer as the job ends.
				jobId ? (
					<Button
						icon={ minimiseIcon }
						label={ __(
							'Minimise to the AI jobs sidebar',
							'iacp'
						) }
						onClick={ minimise }
						size="compact"
					/>
				) : undefined
			}
		>
			{ children }
		</Modal>
	);
}
