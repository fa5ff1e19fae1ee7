/* @jest-environment node */
/**
 * The REST client: error mapping, header parsing, query arguments; api-fetch is mocked.
 */
import apiFetch from '@wordpress/api-fetch';
import {
	cancelJob,
	getJob,
	jobQueryArgs,
	listJobs,
	normalizeQueueHealth,
	startJob,
	testConnection,
} from '@iacp/api/client';
import { ApiError, errorMessage, parseRetryAfter } from '@iacp/api/errors';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const mockedFetch = apiFetch as unknown as jest.Mock;

function response(
	status: number,
	body: unknown,
	headers: Record< string, string > = {}
): Response {
	return new Response( body === null ? null : JSON.stringify( body ), {
		status,
		headers: { 'Content-Type': 'application/json', ...headers },
	} );
}

const job = {
	id: '6b0f7a3e-1111-4222-8333-944445555666',
	type: 'text',
	status: 'pending',
};

beforeEach( () => mockedFetch.mockReset() );

describe( 'startJob', () => {
	it( 'posts the job with an Idempotency-Key and asks for the raw response', async () => {
		mockedFetch.mockResolvedValue( response( 202, job ) );

		const started = await startJob(
			{ type: 'text', input: { mode: 'rewrite', text: 'Hello' } },
			'key-1'
		);

		expect( started.id ).toBe( job.id );
		expect( mockedFetch ).toHaveBeenCalledWith(
			expect.objectContaining( {
				path: '/iacp/v1/jobs',
				method: 'POST',
				parse: false,
				headers: { 'Idempotency-Key': 'key-1' },
				data: {
					type: 'text',
					input: { mode: 'rewrite', text: 'Hello' },
				},
			} )
		);
	} );

	it( 'maps a 429 into an ApiError with code, status and Retry-After', async () => {
		mockedFetch.mockRejectedValue(
			response(
				429,
				{
					code: 'iacp_rate_limited',
					message: 'Slow down.',
					data: { status: 429 },
				},
				{ 'Retry-After': '42' }
			)
		);

		const error = await startJob( {
			type: 'text',
			input: { mode: 'generate', prompt: 'x' },
		} ).catch( ( e: unknown ) => e );

		expect( error ).toBeInstanceOf( ApiError );
		expect( error ).toMatchObject( {
			code: 'iacp_rate_limited',
			status: 429,
			retryAfter: 42,
			message: 'Slow down.',
		} );
		expect( errorMessage( error ) ).toBe(
			'Slow down. Try again in 42 seconds.'
		);
	} );

	it( 'keeps the offending field and the quota reset time', async () => {
		mockedFetch.mockRejectedValueOnce(
			response( 400, {
				code: 'rest_invalid_param',
				message: 'Bad prompt.',
				data: { status: 400, field: 'input.prompt' },
			} )
		);
		const invalid = await startJob( {
			type: 'text',
			input: { mode: 'generate' },
		} ).catch( ( e: unknown ) => e );
		expect( invalid ).toMatchObject( {
			code: 'rest_invalid_param',
			status: 400,
			field: 'input.prompt',
			retryAfter: null,
		} );

		mockedFetch.mockRejectedValueOnce(
			response( 429, {
				code: 'iacp_quota_exceeded',
				message: 'Quota used up.',
				data: { status: 429, resets_at: '2026-11-02T00:00:00Z' },
			} )
		);
		const quota = await startJob( {
			type: 'text',
			input: { mode: 'generate', prompt: 'x' },
		} ).catch( ( e: unknown ) => e );
		expect( quota ).toMatchObject( {
			code: 'iacp_quota_exceeded',
			resetsAt: '2026-11-02T00:00:00Z',
		} );
	} );

	it( 'turns api-fetch’s offline error and non-JSON bodies into ApiErrors', async () => {
		mockedFetch.mockRejectedValueOnce( {
			code: 'fetch_error',
			message: 'You are probably offline.',
		} );
		await expect(
			cancelJob( 'a' ).catch( ( e: unknown ) => e )
		).resolves.toMatchObject( {
			code: 'fetch_error',
			status: 0,
			message: 'You are probably offline.',
		} );

		mockedFetch.mockRejectedValueOnce(
			new Response( '<html>Fatal error</html>', { status: 500 } )
		);
		const fatal = await cancelJob( 'a' ).catch( ( e: unknown ) => e );
		expect( fatal ).toBeInstanceOf( ApiError );
		expect( fatal ).toMatchObject( { status: 500, code: 'http_500' } );
	} );
} );

describe( 'getJob', () => {
	it( 'returns the job and its ETag, then sends If-None-Match and understands 304', async () => {
		mockedFetch.mockResolvedValueOnce(
			response( 200, job, { ETag: '"v1"' } )
		);
		const first = await getJob( job.id );
		expect( first ).toMatchObject( {
			notModified: false,
			etag: '"v1"',
			job: { id: job.id },
		} );

		// api-fetch throws every non-2xx response when parse is false, 304 included.
		mockedFetch.mockRejectedValueOnce(
			new Response( null, { status: 304, headers: { ETag: '"v1"' } } )
		);
		const second = await getJob( job.id, '"v1"' );
		expect( second ).toEqual( {
			notModified: true,
			job: null,
			etag: '"v1"',
		} );
		expect( mockedFetch ).toHaveBeenLastCalledWith(
			expect.objectContaining( {
				headers: { 'If-None-Match': '"v1"' },
			} )
		);
	} );
} );

describe( 'listJobs', () => {
	it( 'reads totals from the X-WP-Total headers and builds a stable query', async () => {
		mockedFetch.mockResolvedValue(
			response( 200, [ job ], {
				'X-WP-Total': '41',
				'X-WP-TotalPages': '3',
			} )
		);

		const page = await listJobs( {
			post_id: 7,
			status: [ 'processing', 'pending' ],
			search: '  hello ',
			page: 2,
			per_page: 20,
			type: '',
		} );

		expect( page ).toEqual( { jobs: [ job ], total: 41, totalPages: 3 } );
		const path = ( mockedFetch.mock.calls[ 0 ]?.[ 0 ] as { path: string } )
			.path;
		expect( path ).toContain( 'post_id=7' );
		expect( path ).toContain( 'status%5B0%5D=pending' );
		expect( path ).toContain( 'status%5B1%5D=processing' );
		expect( path ).toContain( 'search=hello' );
		expect( path ).not.toContain( 'type=' );
	} );

	it( 'falls back to the body length without headers', async () => {
		mockedFetch.mockResolvedValue( response( 200, [ job, job ] ) );
		await expect( listJobs( {} ) ).resolves.toMatchObject( {
			total: 2,
			totalPages: 1,
		} );
	} );

	it( 'leaves empty filters out of the query arguments', () => {
		expect(
			jobQueryArgs( { search: ' ', status: [], page: 1, user: 0 } )
		).toEqual( {} );
	} );
} );

describe( 'testConnection', () => {
	it( 'explains a missing endpoint instead of failing', async () => {
		mockedFetch.mockRejectedValue(
			response( 404, {
				code: 'rest_no_route',
				message: 'No route.',
				data: { status: 404 },
			} )
		);
		const result = await testConnection();
		expect( result.ok ).toBe( false );
		expect( result.error?.code ).toBe( 'iacp_not_available' );
	} );
} );

describe( 'normalizeQueueHealth', () => {
	it( 'defaults every missing field', () => {
		const health = normalizeQueueHealth( {
			counts: { pending: 3 },
			hourly: [ { hour: '2026-11-01T10:00:00Z', completed: 2 } ],
		} );
		expect( health.counts ).toEqual( {
			pending: 3,
			processing: 0,
			completed: 0,
			failed: 0,
			cancelled: 0,
			expired: 0,
		} );
		expect( health.hourly ).toEqual( [
			{ hour: '2026-11-01T10:00:00Z', completed: 2, failed: 0 },
		] );
		expect( health.last_runner_seen ).toBeNull();
		expect( health.loopback_ok ).toBeNull();
		expect( health.cron_disabled ).toBe( false );
	} );
} );

describe( 'parseRetryAfter', () => {
	it( 'reads seconds and HTTP dates', () => {
		expect( parseRetryAfter( '7' ) ).toBe( 7 );
		expect(
			parseRetryAfter(
				'Wed, 21 Oct 2015 07:28:30 GMT',
				Date.parse( 'Wed, 21 Oct 2015 07:28:00 GMT' )
			)
		).toBe( 30 );
		expect( parseRetryAfter( null ) ).toBeNull();
		expect( parseRetryAfter( 'soon' ) ).toBeNull();
	} );
} );
