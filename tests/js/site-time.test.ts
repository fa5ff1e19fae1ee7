/**
 * Times as the site shows them: its timezone and formats, and "3 minutes ago".
 */
import { getSettings, setSettings } from '@wordpress/date';
import { siteDateTime, siteTime, timeAgo } from '@iacp/jobs/siteTime';

const original = getSettings();

beforeAll( () => {
	// A site in Berlin (UTC+1 in November) with the formats Settings → General saves.
	setSettings( {
		...original,
		formats: { ...original.formats, date: 'F j, Y', time: 'g:i a' },
		timezone: {
			offset: 1,
			offsetFormatted: '+1',
			string: 'Europe/Berlin',
			abbr: 'CET',
		},
	} );
} );

afterAll( () => setSettings( original ) );

describe( 'siteTime', () => {
	it( 'shows a UTC time in the site’s timezone and formats', () => {
		expect( siteDateTime( '2026-11-30T08:11:30+00:00' ) ).toBe(
			'November 30, 2026 9:11 am'
		);
		expect( siteTime( '2026-11-30T23:00:00+00:00' ) ).toBe( '12:00 am' );
	} );

	it( 'says how long ago, counted from the given clock', () => {
		const now = Date.parse( '2026-11-30T08:14:30Z' );
		expect( timeAgo( '2026-11-30T08:11:30+00:00', now ) ).toBe(
			'3 minutes ago'
		);
	} );

	it( 'gives nothing for a missing or broken time', () => {
		expect( siteDateTime( null ) ).toBe( '' );
		expect( siteTime( 'not a date' ) ).toBe( '' );
		expect( timeAgo( undefined ) ).toBe( '' );
	} );
} );
