/* @jest-environment node */
/**
 * The single-job query: conditional reads with the job's last ETag, a 304 answered from the cache; api-fetch is
 * mocked, the QueryClient is real.
 */
import apiFetch from '@wordpress/api-fetch';
import { QueryClient } from '@tanstack/react-query';
import { jobQuery } from '@iacp/hooks/jobQuery';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const mockedFetch = apiFetch as unknown as jest.Mock;
const ID = '6b0f7a3e-1111-4222-8333-944445555666';

function answer( status: number, body: unknown, etag: string ): Response {
	return new Response( body === null ? null : JSON.stringify( body ), {
		status,
		headers: { 'Content-Type': 'application/json', ETag: etag },
	} );
}

beforeEach( () => mockedFetch.mockReset() );

it( 'sends the last ETag and keeps the cached job on 304', async () => {
	const client = new QueryClient();
	const job = { id: ID, type: 'text', status: 'processing', progress: 40 };
	mockedFetch.mockResolvedValueOnce( answer( 200, job, 'W/"one"' ) );
	expect( await client.fetchQuery( jobQuery( ID ) ) ).toEqual( job );
	expect( mockedFetch.mock.calls[ 0 ][ 0 ].headers ).toBeUndefined();

	// api-fetch rejects non-2xx responses; the client turns a 304 back into an answer.
	mockedFetch.mockRejectedValueOnce( answer( 304, null, 'W/"one"' ) );
	await client.invalidateQueries( { queryKey: jobQuery( ID ).queryKey } );
	expect( await client.fetchQuery( jobQuery( ID ) ) ).toEqual( job );
	expect( mockedFetch.mock.calls[ 1 ][ 0 ].headers ).toEqual( {
		'If-None-Match': 'W/"one"',
	} );
} );

it( 'asks again without an ETag when a 304 comes and nothing is cached', async () => {
	const client = new QueryClient();
	const warm = new QueryClient();
	const job = { id: ID, type: 'text', status: 'pending' };
	mockedFetch.mockResolvedValueOnce( answer( 200, job, 'W/"two"' ) );
	await warm.fetchQuery( jobQuery( ID ) );

	mockedFetch.mockRejectedValueOnce( answer( 304, null, 'W/"two"' ) );
	mockedFetch.mockResolvedValueOnce( answer( 200, job, 'W/"two"' ) );
	expect( await client.fetchQuery( jobQuery( ID ) ) ).toEqual( job );
	expect( mockedFetch ).toHaveBeenCalledTimes( 3 );
	expect( mockedFetch.mock.calls[ 2 ][ 0 ].headers ).toBeUndefined();
} );
