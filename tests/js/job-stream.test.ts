/* @jest-environment node */
/**
 * A job's event stream that the server refuses (429 when the stream caps are reached; EventSource only sees an
 * error) hands the job to polling at once: the query is fetched again and keeps its poll interval, and the page
 * does not knock on the stream again for that job. EventSource is a stand-in; api-fetch is mocked; the
 * QueryClient is real.
 */
import apiFetch from '@wordpress/api-fetch';
import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { jobQuery } from '@iacp/hooks/jobQuery';
import { acquireJobStream } from '@iacp/hooks/jobStream';
import { jobPollInterval } from '@iacp/hooks/pollInterval';
import type { Job } from '@iacp/api/types';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const mockedFetch = apiFetch as unknown as jest.Mock;
const ID = '6b0f7a3e-1111-4222-8333-944445555777';

class RefusedEventSource {
	static opened: RefusedEventSource[] = [];
	onerror: ( () => void ) | null = null;
	closed = false;
	constructor( readonly url: string ) {
		RefusedEventSource.opened.push( this );
	}
	addEventListener(): void {}
	close(): void {
		this.closed = true;
	}
}

function answer( job: Partial< Job > ): Response {
	return new Response( JSON.stringify( job ), {
		status: 200,
		headers: { 'Content-Type': 'application/json', ETag: 'W/"a"' },
	} );
}

// The code under test reads browser globals from `window`; in Node that is the global object.
Object.defineProperty( globalThis, 'window', {
	value: globalThis,
	configurable: true,
} );

beforeEach( () => {
	mockedFetch.mockReset();
	RefusedEventSource.opened = [];
	window.wpApiSettings = {
		root: 'http://site.test/wp-json/',
		nonce: 'n0nce',
	};
	( window as unknown as { EventSource: unknown } ).EventSource =
		RefusedEventSource;
} );

it( 'polls at once when the stream is refused, and does not open it again', async () => {
	const job: Partial< Job > = {
		id: ID,
		type: 'text',
		status: 'processing',
		poll_after_ms: 500,
	};
	mockedFetch.mockImplementation( () => Promise.resolve( answer( job ) ) );
	const client = new QueryClient( {
		defaultOptions: { queries: { retry: false } },
	} );
	const observer = new QueryObserver( client, jobQuery( ID ) );
	const stop = observer.subscribe( () => {} );
	await client.fetchQuery( jobQuery( ID ) );
	const fetchesBefore = mockedFetch.mock.calls.length;
	const seen: boolean[] = [];

	const leave = acquireJobStream( client, ID, ( streaming ) =>
		seen.push( streaming )
	);
	expect( RefusedEventSource.opened ).toHaveLength( 1 );
	expect( RefusedEventSource.opened[ 0 ]?.url ).toContain(
		`/iacp/v1/jobs/${ ID }/events`
	);
	// What a browser does with a 429 answer to an EventSource: one error event, no reconnect.
	RefusedEventSource.opened[ 0 ]?.onerror?.();
	await new Promise( ( resolve ) => setTimeout( resolve, 0 ) );

	expect( seen ).toEqual( [ false ] );
	expect( RefusedEventSource.opened[ 0 ]?.closed ).toBe( true );
	expect( mockedFetch.mock.calls.length ).toBeGreaterThan( fetchesBefore );
	expect(
		jobPollInterval( client.getQueryData( jobQuery( ID ).queryKey ), false )
	).toBe( 500 );

	leave();
	const again = acquireJobStream( client, ID, () => {} );
	expect( RefusedEventSource.opened ).toHaveLength( 1 );
	again();
	stop();
} );
