/**
 * A failed job in words, with the next step told to whoever reads it.
 */
import { errorHelp } from '@iacp/jobs/errorHelp';

describe( 'errorHelp', () => {
	it( 'points a manager at the settings and an author at an administrator', () => {
		const manager = errorHelp( 'provider_auth', 'HTTP 401', 'manager' );
		const author = errorHelp( 'provider_auth', 'HTTP 401', 'author' );
		expect( manager.what ).toBe( 'The AI provider refused the API key.' );
		expect( author.what ).toBe( manager.what );
		expect( manager.next ).toContain( 'Settings' );
		expect( author.next ).toContain( 'administrator' );
		expect( author.next ).not.toBe( manager.next );
	} );

	it( 'explains an expired job with what to check', () => {
		expect( errorHelp( 'expired', null, 'manager' ).next ).toContain(
			'Queue health'
		);
	} );

	it( 'falls back to the server’s own message for codes it does not know', () => {
		expect(
			errorHelp( 'my_plugin_error', 'The widget broke.', 'author' )
		).toEqual( {
			what: 'The widget broke.',
			next: 'Retry; if it fails again, the job’s log says more.',
		} );
		expect( errorHelp( null, '', 'author' ).what ).toBe(
			'The job failed.'
		);
	} );
} );
