/**
 * Opens the "AI jobs" sidebar: where a closed or minimised dialog's job is followed, reviewed and inserted.
 */
import type { useRegistry } from '@wordpress/data';
import { store as editPostStore } from '@wordpress/edit-post';
import { SIDEBAR_TARGET } from './postJobs';

export function openJobsSidebar( registry: ReturnType< typeof useRegistry > ) {
	void registry
		.dispatch( editPostStore )
		.openGeneralSidebar( SIDEBAR_TARGET );
}
