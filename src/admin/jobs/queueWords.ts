/**
 * The queue's health in words: how long something took or has been missing ("12 minutes", "3 hours"), and the
 * one sentence that says why jobs wait when no runner comes.
 */
import { __, _n, sprintf } from '@wordpress/i18n';
import type { QueueStall } from '../../api/types';

/** "45 seconds", "12 minutes", "3 hours", "2 days". */
export function durationWords( totalSeconds: number ): string {
	const seconds = Math.max( 0, Math.round( totalSeconds ) );
	if ( seconds < 90 ) {
		return sprintf(
			/* translators: %d: number of seconds. */
			_n( '%d second', '%d seconds', seconds, 'iacp' ),
			seconds
		);
	}
	const minutes = Math.round( seconds / 60 );
	if ( minutes < 90 ) {
		return sprintf(
			/* translators: %d: number of minutes. */
			_n( '%d minute', '%d minutes', minutes, 'iacp' ),
			minutes
		);
	}
	const hours = Math.round( minutes / 60 );
	if ( hours < 48 ) {
		/* translators: %d: number of hours. */
		return sprintf( _n( '%d hour', '%d hours', hours, 'iacp' ), hours );
	}
	const days = Math.round( hours / 24 );
	/* translators: %d: number of days. */
	return sprintf( _n( '%d day', '%d days', days, 'iacp' ), days );
}

/** Why jobs wait, before the link to the help: "No runner for 12 minutes: WP-Cron is disabled on this site". */
export function stallSentence( stall: QueueStall ): string {
	const head =
		stall.runner_seen_seconds_ago === null
			? __( 'No runner has ever run on this site', 'iacp' )
			: sprintf(
					/* translators: %s: a duration, like "12 minutes". */
					__( 'No runner for %s', 'iacp' ),
					durationWords( stall.runner_seen_seconds_ago )
				);
	let why: string;
	switch ( stall.code ) {
		case 'cron_disabled':
			why = __( 'WP-Cron is disabled on this site', 'iacp' );
			break;
		case 'loopback_failed':
			why = __(
				'this site cannot reach itself over HTTP, so neither WP-Cron nor the instant start can run jobs',
				'iacp'
			);
			break;
		default:
			why = sprintf(
				/* translators: %s: a duration, like "12 minutes". */
				__(
					'jobs have waited %s and nothing picked them up (WP-Cron only runs when someone visits the site)',
					'iacp'
				),
				durationWords( stall.waiting_seconds )
			);
	}
	/* translators: 1: "No runner for 12 minutes", 2: the reason. */
	return sprintf( __( '%1$s: %2$s', 'iacp' ), head, why );
}
