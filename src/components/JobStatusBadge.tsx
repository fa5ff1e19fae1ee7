/**
 * A job's status as a badge, for the rows of a list (the editor sidebar, the admin's table).
 */
import type { JobStatus } from '../api/types';
import { statusLabel } from '../jobs/labels';

export function JobStatusBadge( { status }: { status: JobStatus } ) {
	return (
		<span className={ `iacp-status iacp-status--${ status }` }>
			{ statusLabel( status ) }
		</span>
	);
}
