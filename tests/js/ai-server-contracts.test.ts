/* @jest-environment node */
/**
 * The test AI server refuses what real providers refuse: each image model's sizes, `n` and `response_format` with
 * the real APIs' 400 bodies, and the behaviours of less capable chat servers (no `stream_options`, no streaming).
 * Driven through the official `openai` client and plain fetch (for the exact error bodies).
 */
import OpenAI from 'openai';
import { startAiServer, type AiServer } from '../../tools/ai-server/server';
import { imageModelContract } from '../../tools/ai-server/image-models';
import { parsePng } from './ai-server-helpers';

let server: AiServer;
let client: OpenAI;

beforeAll( async () => {
	server = await startAiServer( { port: 0, chunkDelayMs: 1 } );
	client = new OpenAI( {
		apiKey: 'test',
		baseURL: `${ server.url }/v1`,
		maxRetries: 0,
	} );
} );

afterAll( async () => {
	await server.close();
} );

/** POSTs a JSON body and returns the status and the parsed answer. */
async function post(
	path: string,
	body: Record< string, unknown >
): Promise< { status: number; json: Record< string, unknown > } > {
	const res = await fetch( `${ server.url }/v1${ path }`, {
		method: 'POST',
		headers: {
			Authorization: 'Bearer test',
			'Content-Type': 'application/json',
		},
		body: JSON.stringify( body ),
	} );
	return {
		status: res.status,
		json: ( await res.json() ) as Record< string, unknown >,
	};
}

describe( 'image model contracts', () => {
	it.each( [
		[ 'gpt-image-1', 'gpt-image' ],
		[ 'openai/gpt-image-1', 'gpt-image' ],
		[ 'gpt-image-1-mini', 'gpt-image' ],
		[ 'gpt-image-1.5', 'gpt-image' ],
		[ 'gpt-image-1-2025-04-23', 'gpt-image' ],
		[ 'dall-e-3', 'dall-e-3' ],
		[ 'dall-e-2', 'dall-e-2' ],
		[ 'iacp-image-1', 'iacp-test' ],
		[ 'my-own-model', 'iacp-test' ],
	] )( '%s follows the %s contract', ( model, family ) => {
		expect( imageModelContract( model ).family ).toBe( family );
	} );

	it( 'gpt-image-1 refuses response_format with the body the real API sends', async () => {
		const answer = await post( '/images/generations', {
			model: 'gpt-image-1',
			prompt: 'A kite',
			response_format: 'b64_json',
		} );
		expect( answer.status ).toBe( 400 );
		expect( answer.json ).toEqual( {
			error: {
				message: "Unknown parameter: 'response_format'.",
				type: 'invalid_request_error',
				param: 'response_format',
				code: 'unknown_parameter',
			},
		} );
	} );

	it( 'gpt-image-1 answers base64 without response_format, in its sizes only', async () => {
		const result = await client.images.generate( {
			model: 'gpt-image-1',
			prompt: 'A kite over the sea',
			size: '1536x1024',
			n: 2,
		} );
		expect( result.data ).toHaveLength( 2 );
		const info = parsePng(
			Buffer.from( result.data?.[ 0 ]?.b64_json ?? '', 'base64' )
		);
		expect( [ info.width, info.height ] ).toEqual( [ 1536, 1024 ] );

		const wrong = await post( '/images/generations', {
			model: 'gpt-image-1',
			prompt: 'A kite',
			size: '512x512',
		} );
		expect( wrong.status ).toBe( 400 );
		expect( wrong.json.error ).toEqual( {
			message:
				"Invalid value: '512x512'. Supported values are: '1024x1024', '1024x1536', '1536x1024', and 'auto'.",
			type: 'invalid_request_error',
			param: 'size',
			code: 'invalid_value',
		} );
	} );

	it( 'dall-e-3 makes one image per request and only its three sizes', async () => {
		const two = await post( '/images/generations', {
			model: 'dall-e-3',
			prompt: 'A kite',
			n: 2,
		} );
		expect( two.status ).toBe( 400 );
		expect( two.json.error ).toEqual( {
			message: 'You must provide n=1 for this model.',
			type: 'invalid_request_error',
			param: null,
			code: null,
		} );

		const small = await post( '/images/generations', {
			model: 'dall-e-3',
			prompt: 'A kite',
			size: '256x256',
		} );
		expect( small.status ).toBe( 400 );
		expect( small.json.error ).toEqual( {
			message: 'The size is not supported by this model.',
			type: 'invalid_request_error',
			param: null,
			code: 'invalid_size',
		} );

		const ok = await client.images.generate( {
			model: 'dall-e-3',
			prompt: 'A kite',
			size: '1024x1792',
			response_format: 'b64_json',
		} );
		const info = parsePng(
			Buffer.from( ok.data?.[ 0 ]?.b64_json ?? '', 'base64' )
		);
		expect( [ info.width, info.height ] ).toEqual( [ 1024, 1792 ] );
	} );

	it( 'dall-e-2 refuses the wide sizes and answers URLs by default', async () => {
		const wide = await post( '/images/generations', {
			model: 'dall-e-2',
			prompt: 'A kite',
			size: '1792x1024',
		} );
		expect( wide.status ).toBe( 400 );
		expect( ( wide.json.error as { message: string } ).message ).toBe(
			"'1792x1024' is not one of ['256x256', '512x512', '1024x1024'] - 'size'"
		);

		const ok = await client.images.generate( {
			model: 'dall-e-2',
			prompt: 'A kite',
			size: '512x512',
		} );
		expect( ok.data?.[ 0 ]?.url ).toMatch( /\/v1\/files\/[a-f0-9]+\.png$/ );
	} );

	it( 'the test model keeps its broad contract (seven sizes, up to four images)', async () => {
		const result = await client.images.generate( {
			model: 'iacp-image-1',
			prompt: 'A kite',
			size: '1024x1536',
			n: 4,
			response_format: 'b64_json',
		} );
		expect( result.data ).toHaveLength( 4 );
		const five = await post( '/images/generations', {
			model: 'iacp-image-1',
			prompt: 'A kite',
			n: 5,
		} );
		expect( five.status ).toBe( 400 );
		expect( ( five.json.error as { param: string } ).param ).toBe( 'n' );
	} );
} );

describe( 'less capable chat servers', () => {
	const messages = ( content: string ) => [ { role: 'user', content } ];

	it( '[[server:no-stream-options]] refuses stream_options and serves a request without it', async () => {
		const refused = await post( '/chat/completions', {
			model: 'iacp-text-1',
			messages: messages( 'Hello there [[server:no-stream-options]]' ),
			stream: true,
			stream_options: { include_usage: true },
		} );
		expect( refused.status ).toBe( 400 );
		expect( refused.json.error ).toEqual( {
			message: 'Unrecognized request argument supplied: stream_options',
			type: 'invalid_request_error',
			param: null,
			code: null,
		} );

		const plain = await client.chat.completions.create( {
			model: 'iacp-text-1',
			messages: [
				{
					role: 'user',
					content: 'Hello there [[server:no-stream-options]]',
				},
			],
		} );
		expect( plain.choices[ 0 ]?.message.content ).toMatch(
			/^"Hello there" — /
		);
	} );

	it( '[[server:no-streaming]] answers one JSON document when a stream was asked for', async () => {
		const res = await fetch( `${ server.url }/v1/chat/completions`, {
			method: 'POST',
			headers: {
				Authorization: 'Bearer test',
				'Content-Type': 'application/json',
			},
			body: JSON.stringify( {
				model: 'iacp-text-1',
				messages: messages( 'Write a line [[server:no-streaming]]' ),
				stream: true,
				stream_options: { include_usage: true },
			} ),
		} );
		expect( res.headers.get( 'content-type' ) ).toBe( 'application/json' );
		const body = ( await res.json() ) as {
			object: string;
			choices: Array< { message: { content: string } } >;
		};
		expect( body.object ).toBe( 'chat.completion' );
		expect( body.choices[ 0 ]?.message.content ).toMatch(
			/^"Write a line" — /
		);
		const log = ( await (
			await fetch( `${ server.url }/__control/requests` )
		).json() ) as Array< { path: string; stream: boolean } >;
		const last = log
			.filter( ( e ) => e.path === '/v1/chat/completions' )
			.pop();
		expect( last?.stream ).toBe( true );
	} );
} );
