/**
 * "Test connection" says what it tried and what came back.
 */
import { connectionReport } from '@iacp/admin/settings/connectionReport';

describe( 'connectionReport', () => {
	it( 'names the request, the key and the HTTP answer', () => {
		expect(
			connectionReport( {
				ok: true,
				models: [ 'a' ],
				tried: {
					method: 'GET',
					url: 'http://127.0.0.1:8191/v1/models',
					key: 'saved',
				},
				answer: { status: 200, elapsed_ms: 42 },
			} )
		).toBe(
			'Tried GET http://127.0.0.1:8191/v1/models with the saved API key: the provider answered HTTP 200 in 42 ms.'
		);
	} );

	it( 'says when nothing answered', () => {
		expect(
			connectionReport( {
				ok: false,
				models: [],
				tried: {
					method: 'GET',
					url: 'http://x/v1/models',
					key: 'none',
				},
				answer: { status: null, elapsed_ms: 3001 },
			} )
		).toBe(
			'Tried GET http://x/v1/models without an API key: no answer after 3001 ms.'
		);
	} );

	it( 'is empty when the server did not say', () => {
		expect( connectionReport( { ok: true, models: [] } ) ).toBe( '' );
	} );
} );
