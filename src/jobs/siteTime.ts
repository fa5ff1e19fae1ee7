/**
 * Times as the site shows them: in the site's timezone and date/time formats (Settings → General, which WordPress
 * hands to @wordpress/date on every admin page), and "3 minutes ago" for recent ones.
 */
import { dateI18n, getSettings, humanTimeDiff } from '@wordpress/date';

function valid( iso: string | null | undefined ): iso is string {
	return typeof iso === 'string' && ! Number.isNaN( Date.parse( iso ) );
}

/** The full date and time in the site's timezone and format, like "November 30, 2026 9:11 am". */
export function siteDateTime( iso: string | null | undefined ): string {
	if ( ! valid( iso ) ) {
		return '';
	}
	const { formats } = getSettings();
	return dateI18n( `${ formats.date } ${ formats.time }`, iso );
}

/** The time of day in the site's timezone and format, like "9:00 am". */
export function siteTime( iso: string | null | undefined ): string {
	return valid( iso ) ? dateI18n( getSettings().formats.time, iso ) : '';
}

/** "3 minutes ago" (or "in 2 minutes" for a time still ahead), relative to `now`. */
export function timeAgo(
	iso: string | null | undefined,
	now: number = Date.now()
): string {
	return valid( iso ) ? humanTimeDiff( iso, new Date( now ) ) : '';
}
