/* @jest-environment node */
/**
 * Fault injection, latency and the control routes of the local test AI server.
 */
import OpenAI from 'openai';
import { startAiServer, type AiServer } from '../../tools/ai-server/server';
import { isErrorLike, rejectionOf, sameRealmFetch } from './ai-server-helpers';

let server: AiServer;
let client: OpenAI;

beforeAll( async () => {
	server = await startAiServer( { port: 0, chunkDelayMs: 1 } );
	client = new OpenAI( {
		apiKey: 'test',
		baseURL: `${ server.url }/v1`,
		maxRetries: 0,
		fetch: sameRealmFetch,
	} );
} );

afterAll( async () => {
	await server.close();
} );

function chat(
	content: string,
	options: {
		model?: string;
		headers?: Record< string, string >;
		timeout?: number;
	} = {}
): Promise< OpenAI.Chat.ChatCompletion > {
	return client.chat.completions.create(
		{
			model: options.model ?? 'iacp-text-1',
			messages: [ { role: 'user', content } ],
		},
		{
			...( options.headers ? { headers: options.headers } : {} ),
			...( options.timeout !== undefined
				? { timeout: options.timeout }
				: {} ),
		}
	);
}

type ErrorClass = abstract new ( ...args: never[] ) => Error;

const STATUS_FAULTS: Array< [ string, ErrorClass, number, string | null ] > = [
	[ '400', OpenAI.BadRequestError, 400, null ],
	[ '401', OpenAI.AuthenticationError, 401, 'invalid_api_key' ],
	[ '403', OpenAI.PermissionDeniedError, 403, 'permission_denied' ],
	[ '404', OpenAI.NotFoundError, 404, 'model_not_found' ],
	[ '422', OpenAI.UnprocessableEntityError, 422, 'content_policy_violation' ],
	[ '429', OpenAI.RateLimitError, 429, 'rate_limit_exceeded' ],
	[ '500', OpenAI.InternalServerError, 500, 'server_error' ],
	[ '503', OpenAI.InternalServerError, 503, 'service_unavailable' ],
];

describe.each( [
	[
		'directive',
		( kind: string ) => chat( `Please fail [[fault:${ kind }]]` ),
	],
	[
		'header',
		( kind: string ) =>
			chat( 'Please fail', { headers: { 'X-IACP-Fault': kind } } ),
	],
	[
		'model name',
		( kind: string ) => chat( 'Please fail', { model: `fault-${ kind }` } ),
	],
] )( 'status faults via %s', ( _source, request ) => {
	it.each( STATUS_FAULTS )(
		'%s maps to the client error class',
		async ( kind, errorClass, status, code ) => {
			const err = await rejectionOf( request( kind ) );
			expect( err ).toBeInstanceOf( errorClass );
			const apiError = err as InstanceType< typeof OpenAI.APIError >;
			expect( apiError.status ).toBe( status );
			expect( apiError.code ?? null ).toBe( code );
			expect( typeof apiError.type ).toBe( 'string' );
		}
	);
} );

describe( 'fault details', () => {
	it( '429 carries Retry-After (default 1, or [[retry-after:S]]) and x-ratelimit-reset-requests', async () => {
		const plain = ( await rejectionOf(
			chat( '[[fault:429]] hello' )
		) ) as InstanceType< typeof OpenAI.RateLimitError >;
		expect( plain ).toBeInstanceOf( OpenAI.RateLimitError );
		expect( plain.headers?.get( 'retry-after' ) ).toBe( '1' );
		expect( plain.headers?.get( 'x-ratelimit-reset-requests' ) ).toBe(
			'1s'
		);

		const custom = ( await rejectionOf(
			chat( '[[fault:429]] [[retry-after:7]] hello' )
		) ) as InstanceType< typeof OpenAI.RateLimitError >;
		expect( custom.headers?.get( 'retry-after' ) ).toBe( '7' );
		expect( custom.headers?.get( 'x-ratelimit-reset-requests' ) ).toBe(
			'7s'
		);
	} );

	it( 'times=2 key=K fails the first two requests with that key, then succeeds', async () => {
		const ask = (): Promise< OpenAI.Chat.ChatCompletion > =>
			chat( 'Write a haiku [[fault:503 times=2 key=haiku-1]]' );
		expect( await rejectionOf( ask() ) ).toBeInstanceOf(
			OpenAI.InternalServerError
		);
		expect( await rejectionOf( ask() ) ).toBeInstanceOf(
			OpenAI.InternalServerError
		);
		const ok = await ask();
		expect( ok.choices[ 0 ]?.message.content ).toMatch(
			/^"Write a haiku" — /
		);
		await expect( ask() ).resolves.toBeDefined();
		// A different key has its own counter.
		expect(
			await rejectionOf(
				chat( 'Other [[fault:429 times=1 key=haiku-2]]' )
			)
		).toBeInstanceOf( OpenAI.RateLimitError );
	} );

	it( 'times without key counts identical requests', async () => {
		const ask = (): Promise< OpenAI.Chat.ChatCompletion > =>
			chat( 'Retry me [[fault:500 times=1]]' );
		expect( await rejectionOf( ask() ) ).toBeInstanceOf(
			OpenAI.InternalServerError
		);
		await expect( ask() ).resolves.toBeDefined();
	} );

	it( 'hang never answers: the client times out', async () => {
		const started = Date.now();
		const err = await rejectionOf(
			chat( 'Wait forever [[fault:hang]]', { timeout: 300 } )
		);
		expect( err ).toBeInstanceOf( OpenAI.APIConnectionTimeoutError );
		expect( Date.now() - started ).toBeGreaterThanOrEqual( 290 );
	} );

	it( 'drop on a stream fails mid-stream after at least one delta', async () => {
		const stream = await client.chat.completions.create( {
			model: 'iacp-text-1',
			messages: [
				{ role: 'user', content: 'Stream then break [[fault:drop]]' },
			],
			stream: true,
		} );
		const deltas: string[] = [];
		const err = await rejectionOf(
			( async () => {
				for await ( const chunk of stream ) {
					const content = chunk.choices[ 0 ]?.delta.content;
					if ( content ) {
						deltas.push( content );
					}
				}
			} )()
		);
		expect( isErrorLike( err ) ).toBe( true );
		expect( deltas.length ).toBeGreaterThanOrEqual( 1 );
		expect( deltas.join( '' ) ).toMatch( /^"Stream then break"/ );
	} );

	it( 'stall on a stream sends a few deltas, then nothing while the connection stays open', async () => {
		const controller = new AbortController();
		const stream = await client.chat.completions.create(
			{
				model: 'iacp-text-1',
				messages: [
					{
						role: 'user',
						content: 'Start then stall [[fault:stall]]',
					},
				],
				stream: true,
			},
			{ signal: controller.signal }
		);
		const deltas: string[] = [];
		let settled = false;
		const reading = ( async () => {
			for await ( const chunk of stream ) {
				const content = chunk.choices[ 0 ]?.delta.content;
				if ( content ) {
					deltas.push( content );
				}
			}
		} )().finally( () => {
			settled = true;
		} );
		await new Promise( ( resolve ) => setTimeout( resolve, 400 ) );
		expect( deltas.length ).toBeGreaterThanOrEqual( 1 );
		expect( deltas.join( '' ) ).toMatch( /^"Start then stall"/ );
		expect( settled ).toBe( false );
		// The client gives up; the stream ends without its finish chunk.
		controller.abort();
		await reading.catch( () => undefined );
		expect( settled ).toBe( true );
		expect( deltas.join( '' ) ).not.toContain( '[DONE]' );
	} );

	it( 'stall on a non-stream request answers part of the body, then nothing: the client times out', async () => {
		const err = await rejectionOf(
			chat( 'Half an answer [[fault:stall]]', { timeout: 300 } )
		);
		expect( isErrorLike( err ) ).toBe( true );
		expect( ( err as { status?: unknown } ).status ).toBeUndefined();
	} );

	it( 'drop on a non-stream request fails', async () => {
		const err = await rejectionOf( chat( 'Break [[fault:drop]]' ) );
		expect( isErrorLike( err ) ).toBe( true );
		// A transport failure, not an HTTP error status.
		expect( ( err as { status?: unknown } ).status ).toBeUndefined();
	} );

	it( 'malformed returns 200 with a body that is not JSON', async () => {
		const err = await rejectionOf( chat( 'Garble [[fault:malformed]]' ) );
		expect( isErrorLike( err ) ).toBe( true );
		expect( ( err as Error ).name ).toBe( 'SyntaxError' );
		const res = await fetch( `${ server.url }/v1/chat/completions`, {
			method: 'POST',
			headers: {
				Authorization: 'Bearer t',
				'Content-Type': 'application/json',
				'X-IACP-Fault': 'malformed',
			},
			body: JSON.stringify( {
				model: 'iacp-text-1',
				messages: [ { role: 'user', content: 'x' } ],
			} ),
		} );
		expect( res.status ).toBe( 200 );
		expect( res.headers.get( 'content-type' ) ).toBe( 'application/json' );
		const text = await res.text();
		expect( () => JSON.parse( text ) ).toThrow();
	} );

	it( 'faults apply to image generation prompts too', async () => {
		const err = await rejectionOf(
			client.images.generate( {
				prompt: 'A forbidden picture [[fault:422]]',
			} )
		);
		expect( err ).toBeInstanceOf( OpenAI.UnprocessableEntityError );
	} );

	it( 'an unknown fault kind is a 400', async () => {
		const err = ( await rejectionOf(
			chat( '[[fault:teapot]]' )
		) ) as InstanceType< typeof OpenAI.APIError >;
		expect( err ).toBeInstanceOf( OpenAI.BadRequestError );
		expect( err.code ).toBe( 'unknown_fault_kind' );
	} );
} );

describe( 'latency', () => {
	it( '[[latency:MS]] and X-IACP-Latency-Ms delay the response', async () => {
		let started = Date.now();
		await chat( 'Take your time [[latency:250]]' );
		expect( Date.now() - started ).toBeGreaterThanOrEqual( 240 );

		started = Date.now();
		await chat( 'Take your time', {
			headers: { 'X-IACP-Latency-Ms': '250' },
		} );
		expect( Date.now() - started ).toBeGreaterThanOrEqual( 240 );

		started = Date.now();
		await chat( 'Be quick' );
		expect( Date.now() - started ).toBeLessThan( 200 );
	} );

	it( 'slow succeeds after about 2 seconds', async () => {
		const started = Date.now();
		const completion = await chat( 'Slowly [[fault:slow]]' );
		expect( Date.now() - started ).toBeGreaterThanOrEqual( 1950 );
		expect( completion.choices[ 0 ]?.message.content ).toMatch(
			/^"Slowly" — /
		);
	} );

	it( '[[chunk-delay:MS]] spaces the streamed chunks', async () => {
		const started = Date.now();
		const stream = await client.chat.completions.create( {
			model: 'iacp-text-1',
			messages: [
				{ role: 'user', content: 'Stream slowly [[chunk-delay:20]]' },
			],
			stream: true,
		} );
		let words = 0;
		for await ( const chunk of stream ) {
			if ( chunk.choices[ 0 ]?.delta.content ) {
				words++;
			}
		}
		expect( words ).toBeGreaterThan( 10 );
		expect( Date.now() - started ).toBeGreaterThanOrEqual( words * 20 );
	} );
} );

describe( 'control routes', () => {
	interface LogEntry {
		method: string;
		path: string;
		model: string | null;
		fault: string | null;
		stream: boolean;
		status: number | null;
		time: string;
	}

	const requests = async (): Promise< LogEntry[] > =>
		( await (
			await fetch( `${ server.url }/__control/requests` )
		).json() ) as LogEntry[];

	it( 'logs requests with model, fault and stream flag; reset clears the log and counters', async () => {
		await fetch( `${ server.url }/__control/reset`, { method: 'POST' } );
		expect( await requests() ).toEqual( [] );
		await chat( 'Logged one' );
		await rejectionOf(
			chat( 'Logged two [[fault:429 times=1 key=log-k]]' )
		);
		const log = await requests();
		expect( log ).toHaveLength( 2 );
		expect( log[ 0 ] ).toMatchObject( {
			method: 'POST',
			path: '/v1/chat/completions',
			model: 'iacp-text-1',
			fault: null,
			stream: false,
			status: 200,
		} );
		expect( log[ 1 ] ).toMatchObject( { fault: '429', status: 429 } );
		expect( Number.isNaN( Date.parse( log[ 1 ]?.time ?? '' ) ) ).toBe(
			false
		);

		// Reset clears the per-key counter: the key fails again.
		await fetch( `${ server.url }/__control/reset`, { method: 'POST' } );
		expect(
			await rejectionOf(
				chat( 'Logged two [[fault:429 times=1 key=log-k]]' )
			)
		).toBeInstanceOf( OpenAI.RateLimitError );
	} );

	it( 'POST /__control/fault fails the next N requests globally', async () => {
		const res = await fetch( `${ server.url }/__control/fault`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify( { kind: '500', times: 2 } ),
		} );
		expect( res.status ).toBe( 200 );
		expect( await rejectionOf( client.models.list() ) ).toBeInstanceOf(
			OpenAI.InternalServerError
		);
		expect( await rejectionOf( chat( 'global' ) ) ).toBeInstanceOf(
			OpenAI.InternalServerError
		);
		await expect( chat( 'global' ) ).resolves.toBeDefined();
	} );
} );

describe( 'close()', () => {
	it( 'closes promptly even with a hanging request open', async () => {
		const other = await startAiServer( { port: 0 } );
		const otherClient = new OpenAI( {
			apiKey: 'test',
			baseURL: `${ other.url }/v1`,
			maxRetries: 0,
		} );
		const pending = rejectionOf(
			otherClient.chat.completions.create( {
				model: 'iacp-text-1',
				messages: [ { role: 'user', content: '[[fault:hang]]' } ],
			} )
		);
		await new Promise( ( resolve ) => setTimeout( resolve, 100 ) );
		const started = Date.now();
		await other.close();
		expect( Date.now() - started ).toBeLessThan( 1000 );
		expect( await pending ).toBeInstanceOf( OpenAI.APIConnectionError );
	} );
} );
