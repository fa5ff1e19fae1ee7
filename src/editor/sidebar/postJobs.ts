/**
 * The filters for "this post's jobs": one definition, so the sidebar and the notifier share one query.
 */
import type { JobFilters } from '../../api/types';

export const SIDEBAR_NAME = 'iacp-jobs';
export const SIDEBAR_TARGET = `iacp-editor/${ SIDEBAR_NAME }`;

export function postJobFilters( postId: number ): JobFilters {
	return { post_id: postId, per_page: 20 };
}
