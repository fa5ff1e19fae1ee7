/**
 * What can be done with a batch — Review results, Pause, Resume, Retry failed items, Cancel batch — with one set
 * of labels and busy states; each answer is said aloud.
 */
import { Button, Flex } from '@wordpress/components';
import { speak } from '@wordpress/a11y';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { Batch, BatchControl } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { batchControls, batchStatusLabel } from '../../batches/batchView';
import { useBatchControl } from '../../hooks/useBatches';

export function BatchControls( {
	batch,
	onReview,
}: {
	batch: Batch;
	onReview: () => void;
} ) {
	const control = useBatchControl( batch.id );
	const allowed = batchControls( batch );
	const busy = ( which: BatchControl ) =>
		control.isPending && control.variables === which;
	const run = ( which: BatchControl ) => {
		if ( control.isPending ) {
			return;
		}
		control.mutate( which, {
			onSuccess: ( next ) =>
				speak(
					sprintf(
						/* translators: %s: the batch's new status, like "Paused". */
						__( 'Batch status: %s', 'iacp' ),
						batchStatusLabel( next.status )
					)
				),
		} );
	};

	return (
		<>
			{ control.error && <ErrorNotice error={ control.error } /> }
			<Flex className="iacp-batch-controls" justify="flex-start" wrap>
				{ allowed.canReview && (
					<Button variant="primary" onClick={ onReview }>
						{ sprintf(
							/* translators: %d: number of results awaiting review. */
							_n(
								'Review %d result',
								'Review %d results',
								batch.counts.review,
								'iacp'
							),
							batch.counts.review
						) }
					</Button>
				) }
				{ allowed.canPause && (
					<Button
						variant="secondary"
						isBusy={ busy( 'pause' ) }
						aria-disabled={ control.isPending }
						onClick={ () => run( 'pause' ) }
					>
						{ __( 'Pause', 'iacp' ) }
					</Button>
				) }
				{ allowed.canResume && (
					<Button
						variant="secondary"
						isBusy={ busy( 'resume' ) }
						aria-disabled={ control.isPending }
						onClick={ () => run( 'resume' ) }
					>
						{ __( 'Resume', 'iacp' ) }
					</Button>
				) }
				{ allowed.canRetry && (
					<Button
						variant="secondary"
						isBusy={ busy( 'retry' ) }
						aria-disabled={ control.isPending }
						onClick={ () => run( 'retry' ) }
					>
						{ __( 'Retry failed items', 'iacp' ) }
					</Button>
				) }
				{ allowed.canCancel && (
					<Button
						variant="tertiary"
						isDestructive
						isBusy={ busy( 'cancel' ) }
						aria-disabled={ control.isPending }
						onClick={ () => run( 'cancel' ) }
					>
						{ __( 'Cancel batch', 'iacp' ) }
					</Button>
				) }
			</Flex>
		</>
	);
}
