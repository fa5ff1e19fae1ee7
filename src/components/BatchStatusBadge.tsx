/**
 * A batch's or a batch item's status as a badge (the same look as a job's).
 */
import { batchStatusLabel, itemStatusLabel } from '../batches/batchView';

export function BatchStatusBadge( {
	status,
	of = 'batch',
}: {
	status: string;
	of?: 'batch' | 'item';
} ) {
	const label =
		of === 'batch' ? batchStatusLabel( status ) : itemStatusLabel( status );
	// Items that are done read as completed jobs do; failed ones as failed jobs.
	const look =
		status === 'done' || status === 'accepted' ? 'completed' : status;
	return (
		<span className={ `iacp-status iacp-status--${ look }` }>
			{ label }
		</span>
	);
}
