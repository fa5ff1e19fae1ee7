/**
 * What can be done with a job — Retry, Cancel job, and where a screen allows it Delete job — with one set of
 * labels and busy states for every screen. A screen's own result actions (Insert, Use this image …) come first,
 * as children.
 */
import { Button, Flex } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { ReactNode } from 'react';
import type { JobActionHandlers } from '../hooks/useJobActions';
import type { JobView } from '../jobs/jobView';
import { ErrorNotice } from './ErrorNotice';

export function JobActions( {
	view,
	actions,
	compact = false,
	withDelete = false,
	className,
	children,
}: {
	view: JobView;
	actions: JobActionHandlers;
	/** Small buttons, for a sidebar or a panel. */
	compact?: boolean;
	/** Offer Delete job once the job has finished (the admin's job detail). */
	withDelete?: boolean;
	className?: string;
	children?: ReactNode;
} ) {
	const size = compact ? 'compact' : 'default';
	return (
		<>
			{ actions.error && <ErrorNotice error={ actions.error } /> }
			<Flex
				className={ className }
				justify={ compact ? 'flex-start' : 'flex-end' }
				wrap
			>
				{ children }
				{ view.canRetry && (
					<Button
						variant={ compact ? 'secondary' : 'primary' }
						size={ size }
						isBusy={ actions.retrying }
						aria-disabled={ actions.retrying }
						onClick={ () => ! actions.retrying && actions.retry() }
					>
						{ __( 'Retry', 'iacp' ) }
					</Button>
				) }
				{ view.canCancel && (
					<Button
						variant={ compact ? 'tertiary' : 'secondary' }
						size={ size }
						isDestructive
						isBusy={ actions.cancelling }
						aria-disabled={ actions.cancelling }
						onClick={ () =>
							! actions.cancelling && actions.cancel()
						}
					>
						{ __( 'Cancel job', 'iacp' ) }
					</Button>
				) }
				{ withDelete && view.canDelete && (
					<Button
						variant="tertiary"
						size={ size }
						isDestructive
						isBusy={ actions.removing }
						aria-disabled={ actions.removing }
						onClick={ () => ! actions.removing && actions.remove() }
					>
						{ __( 'Delete job', 'iacp' ) }
					</Button>
				) }
			</Flex>
		</>
	);
}
