/**
 * A time as "3 minutes ago", with the full date in the site's timezone and format on hover.
 */
import { siteDateTime, timeAgo } from '../jobs/siteTime';

export function RelativeTime( {
	iso,
	now,
}: {
	iso: string | null | undefined;
	/** The clock to count from (a screen re-renders it now and then). */
	now?: number;
} ) {
	const full = siteDateTime( iso );
	if ( ! iso || full === '' ) {
		return <span>—</span>;
	}
	return (
		<time className="iacp-time" dateTime={ iso } title={ full }>
			{ timeAgo( iso, now ) }
		</time>
	);
}
