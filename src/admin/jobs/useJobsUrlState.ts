/**
 * The Jobs screen's state, kept in the page's URL: read at load and on back/forward, written on every change
 * (a new history entry for a choice, the same entry while typing).
 */
import { useUrlState } from '../../hooks/useUrlState';
import { isNewHistoryEntry, jobsUrlSearch, parseJobsUrl } from './jobsUrl';

export function useJobsUrlState() {
	return useUrlState( parseJobsUrl, jobsUrlSearch, isNewHistoryEntry );
}
