/**
 * The queue's health in words: durations and the sentence that says why jobs wait.
 */
import { durationWords, stallSentence } from '@iacp/admin/jobs/queueWords';

describe( 'durationWords', () => {
	it.each( [
		[ 0, '0 seconds' ],
		[ 1, '1 second' ],
		[ 45, '45 seconds' ],
		[ 720, '12 minutes' ],
		[ 60 * 60 * 3, '3 hours' ],
		[ 60 * 60 * 24 * 2, '2 days' ],
		[ -5, '0 seconds' ],
	] )( '%d seconds read as "%s"', ( seconds, words ) => {
		expect( durationWords( seconds ) ).toBe( words );
	} );
} );

describe( 'stallSentence', () => {
	it( 'names how long no runner came and why, for a site with WP-Cron off', () => {
		expect(
			stallSentence( {
				code: 'cron_disabled',
				waiting_seconds: 900,
				runner_seen_seconds_ago: 720,
			} )
		).toBe( 'No runner for 12 minutes: WP-Cron is disabled on this site' );
	} );

	it( 'says when no runner has ever run, and how long jobs waited', () => {
		const sentence = stallSentence( {
			code: 'no_runner',
			waiting_seconds: 600,
			runner_seen_seconds_ago: null,
		} );
		expect( sentence ).toMatch( /^No runner has ever run on this site: / );
		expect( sentence ).toContain( 'jobs have waited 10 minutes' );
	} );

	it( 'explains a failing loopback', () => {
		expect(
			stallSentence( {
				code: 'loopback_failed',
				waiting_seconds: 300,
				runner_seen_seconds_ago: 3600,
			} )
		).toContain( 'cannot reach itself over HTTP' );
	} );
} );
