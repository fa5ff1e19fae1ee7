/* @jest-environment node */
/**
 * The local OpenAI-compatible test AI server, driven through the official `openai` client.
 */
import OpenAI from 'openai';
import { startAiServer, type AiServer } from '../../tools/ai-server/server';
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

const userMessage = (
	content: string
): OpenAI.Chat.ChatCompletionMessageParam[] => [
	{ role: 'system', content: 'You are a helpful writing assistant.' },
	{ role: 'user', content },
];

describe( 'models', () => {
	it( 'lists the test models in OpenAI format', async () => {
		const page = await client.models.list();
		const ids = page.data.map( ( m ) => m.id );
		expect( ids ).toEqual(
			expect.arrayContaining( [ 'iacp-text-1', 'iacp-image-1' ] )
		);
		for ( const model of page.data ) {
			expect( model.object ).toBe( 'model' );
			expect( model.owned_by ).toBe( 'iacp-test' );
			expect( typeof model.created ).toBe( 'number' );
		}
	} );

	it( 'retrieves one model and 404s an unknown one', async () => {
		expect( ( await client.models.retrieve( 'iacp-text-1' ) ).id ).toBe(
			'iacp-text-1'
		);
		await expect( client.models.retrieve( 'nope' ) ).rejects.toBeInstanceOf(
			OpenAI.NotFoundError
		);
	} );
} );

describe( 'chat completions', () => {
	it( 'answers in the chat.completion format with consistent usage', async () => {
		const text =
			'Summarise the history of the printing press in two sentences.';
		const completion = await client.chat.completions.create( {
			model: 'iacp-text-1',
			messages: userMessage( text ),
		} );
		expect( completion.object ).toBe( 'chat.completion' );
		expect( completion.model ).toBe( 'iacp-text-1' );
		expect( completion.id ).toMatch( /^chatcmpl-/ );
		const choice = completion.choices[ 0 ];
		expect( choice?.finish_reason ).toBe( 'stop' );
		expect( choice?.message.role ).toBe( 'assistant' );
		const content = choice?.message.content ?? '';
		// The reply quotes the first six words of the last user message.
		const prefix = '"Summarise the history of the printing" — ';
		expect( content.slice( 0, prefix.length ) ).toBe( prefix );
		const sentences =
			content.split( ' — ' )[ 1 ]?.match( /[.!?](\s|$)/g ) ?? [];
		expect( sentences.length ).toBeGreaterThanOrEqual( 2 );
		expect( sentences.length ).toBeLessThanOrEqual( 4 );

		const usage = completion.usage;
		expect( usage ).toBeDefined();
		const promptChars =
			'You are a helpful writing assistant.'.length + text.length;
		expect( usage?.prompt_tokens ).toBe( Math.ceil( promptChars / 4 ) );
		expect( usage?.completion_tokens ).toBe(
			Math.ceil( content.length / 4 )
		);
		expect( usage?.total_tokens ).toBe(
			( usage?.prompt_tokens ?? 0 ) + ( usage?.completion_tokens ?? 0 )
		);
	} );

	it( 'is deterministic: same request, same text; different request, different text', async () => {
		const ask = async ( content: string ): Promise< string > =>
			(
				await client.chat.completions.create( {
					model: 'iacp-text-1',
					messages: userMessage( content ),
				} )
			).choices[ 0 ]?.message.content ?? '';
		const a1 = await ask(
			'Write a title for a post about sourdough bread.'
		);
		const a2 = await ask(
			'Write a title for a post about sourdough bread.'
		);
		const b = await ask( 'Write a title for a post about mountain bikes.' );
		expect( a1 ).toBe( a2 );
		expect( b ).not.toBe( a1 );
		// Directives do not change the text.
		expect(
			await ask(
				'Write a title for a post about sourdough bread. [[latency:5]]'
			)
		).toBe( a1 );
	} );

	it( 'returns N blank-line separated paragraphs for [[lines:N]]', async () => {
		const completion = await client.chat.completions.create( {
			model: 'iacp-text-1',
			messages: userMessage(
				'Expand this outline into body text [[lines:3]]'
			),
		} );
		const paragraphs = (
			completion.choices[ 0 ]?.message.content ?? ''
		).split( '\n\n' );
		expect( paragraphs ).toHaveLength( 3 );
		expect( paragraphs[ 0 ] ).toMatch(
			/^"Expand this outline into body text" — /
		);
		for ( const p of paragraphs ) {
			expect( p ).toMatch( /^\S.*\.$/ );
			expect( p ).not.toContain( '[[' );
		}
	} );

	it( 'truncates at max_tokens with finish_reason length', async () => {
		const completion = await client.chat.completions.create( {
			model: 'iacp-text-1',
			messages: userMessage( 'Tell me a long story' ),
			max_tokens: 5,
		} );
		expect( completion.choices[ 0 ]?.finish_reason ).toBe( 'length' );
		expect( completion.usage?.completion_tokens ).toBeLessThanOrEqual( 5 );
		expect( completion.choices[ 0 ]?.message.content ).toHaveLength( 20 );
	} );

	it( 'streams deltas that join to the non-stream content, with a usage chunk', async () => {
		const messages = userMessage(
			'Draft an intro paragraph about tidal energy.'
		);
		const plain = await client.chat.completions.create( {
			model: 'iacp-text-1',
			messages,
		} );
		const stream = await client.chat.completions.create( {
			model: 'iacp-text-1',
			messages,
			stream: true,
			stream_options: { include_usage: true },
		} );
		const deltas: string[] = [];
		const finishReasons: Array< string | null > = [];
		let role: string | undefined;
		let usage: OpenAI.CompletionUsage | null | undefined;
		let usageChunkChoices: number | undefined;
		let chunks = 0;
		for await ( const chunk of stream ) {
			chunks++;
			expect( chunk.object ).toBe( 'chat.completion.chunk' );
			if ( chunk.usage ) {
				usage = chunk.usage;
				usageChunkChoices = chunk.choices.length;
			}
			for ( const choice of chunk.choices ) {
				role ??= choice.delta.role;
				if ( choice.delta.content ) {
					deltas.push( choice.delta.content );
				}
				finishReasons.push( choice.finish_reason );
			}
		}
		const content = plain.choices[ 0 ]?.message.content ?? '';
		expect( role ).toBe( 'assistant' );
		expect( deltas.join( '' ) ).toBe( content );
		expect( deltas.length ).toBe( content.split( /\s+/ ).length );
		expect( finishReasons.filter( ( f ) => f !== null ) ).toEqual( [
			'stop',
		] );
		expect( usage ).toEqual( plain.usage );
		expect( usageChunkChoices ).toBe( 0 );
		expect( chunks ).toBe( deltas.length + 3 ); // role chunk + words + finish chunk + usage chunk.
	} );

	it( 'sends no usage with [[usage:none]], streamed or not, and the same text', async () => {
		const messages = userMessage( 'Tell me about tides. [[usage:none]]' );
		const plain = await client.chat.completions.create( {
			model: 'iacp-text-1',
			messages,
		} );
		const stream = await client.chat.completions.create( {
			model: 'iacp-text-1',
			messages,
			stream: true,
			stream_options: { include_usage: true },
		} );
		const deltas: string[] = [];
		let usageChunks = 0;
		for await ( const chunk of stream ) {
			if ( chunk.usage ) {
				usageChunks++;
			}
			for ( const choice of chunk.choices ) {
				deltas.push( choice.delta.content ?? '' );
			}
		}
		expect( plain.usage ).toBeUndefined();
		expect( usageChunks ).toBe( 0 );
		expect( deltas.join( '' ) ).toBe( plain.choices[ 0 ]?.message.content );
		expect( deltas.join( '' ) ).not.toBe( '' );
	} );

	it( 'frames Server-Sent Events as `data: ...\\n\\n` ending with [DONE]', async () => {
		const res = await fetch( `${ server.url }/v1/chat/completions`, {
			method: 'POST',
			headers: {
				Authorization: 'Bearer test',
				'Content-Type': 'application/json',
			},
			body: JSON.stringify( {
				model: 'iacp-text-1',
				stream: true,
				messages: [
					{ role: 'user', content: 'Hello there [[chunk-delay:0]]' },
				],
			} ),
		} );
		expect( res.status ).toBe( 200 );
		expect( res.headers.get( 'content-type' ) ).toMatch(
			/^text\/event-stream/
		);
		const body = await res.text();
		expect( body.endsWith( 'data: [DONE]\n\n' ) ).toBe( true );
		const events = body.split( '\n\n' );
		expect( events.pop() ).toBe( '' );
		expect( events.length ).toBeGreaterThan( 4 );
		for ( const event of events ) {
			expect( event.startsWith( 'data: ' ) ).toBe( true );
			expect( event ).not.toContain( '\n' );
		}
		expect( events[ events.length - 1 ] ).toBe( 'data: [DONE]' );
		const parsed = events
			.slice( 0, -1 )
			.map( ( e ) => JSON.parse( e.slice( 6 ) ) as { usage?: unknown } );
		// No usage chunk unless stream_options.include_usage is set.
		expect( parsed.every( ( p ) => p.usage === undefined ) ).toBe( true );
	} );

	it( 'rejects requests without an Authorization header (401, OpenAI error format)', async () => {
		const res = await fetch( `${ server.url }/v1/chat/completions`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify( {
				model: 'iacp-text-1',
				messages: [ { role: 'user', content: 'hi' } ],
			} ),
		} );
		expect( res.status ).toBe( 401 );
		const body = ( await res.json() ) as {
			error: Record< string, unknown >;
		};
		expect( Object.keys( body.error ).sort() ).toEqual( [
			'code',
			'message',
			'param',
			'type',
		] );
		expect( body.error.type ).toBe( 'invalid_request_error' );
	} );

	it( 'validates the body with 400 errors naming the param', async () => {
		const err: unknown = await client.chat.completions
			.create( { model: 'iacp-text-1', messages: [] } )
			.catch( ( e: unknown ) => e );
		expect( err ).toBeInstanceOf( OpenAI.BadRequestError );
		expect(
			( err as InstanceType< typeof OpenAI.BadRequestError > ).param
		).toBe( 'messages' );

		const res = await fetch( `${ server.url }/v1/chat/completions`, {
			method: 'POST',
			headers: {
				Authorization: 'Bearer test',
				'Content-Type': 'application/json',
			},
			body: '{not json',
		} );
		expect( res.status ).toBe( 400 );
	} );
} );

describe( 'images', () => {
	it( 'returns real PNGs as b64_json, sized as asked, different per index', async () => {
		const result = await client.images.generate( {
			model: 'iacp-image-1',
			prompt: 'A lighthouse on a rocky coast at dusk',
			n: 2,
			size: '1792x1024',
			response_format: 'b64_json',
		} );
		expect( typeof result.created ).toBe( 'number' );
		expect( result.data ).toHaveLength( 2 );
		const images = ( result.data ?? [] ).map( ( d ) => {
			expect( d.url ).toBeUndefined();
			expect( d.revised_prompt ).toContain(
				'A lighthouse on a rocky coast at dusk'
			);
			const png = Buffer.from( d.b64_json ?? '', 'base64' );
			const info = parsePng( png );
			expect( info.width ).toBe( 1792 );
			expect( info.height ).toBe( 1024 );
			return png;
		} );
		expect( images[ 0 ]?.equals( images[ 1 ] ?? Buffer.alloc( 0 ) ) ).toBe(
			false
		);

		// Same prompt and index → same picture.
		const again = await client.images.generate( {
			prompt: 'A lighthouse on a rocky coast at dusk',
			size: '1792x1024',
			response_format: 'b64_json',
		} );
		expect( again.data?.[ 0 ]?.b64_json ).toBe(
			result.data?.[ 0 ]?.b64_json
		);
	} );

	it( 'serves url images from /v1/files/<id>.png', async () => {
		const result = await client.images.generate( {
			prompt: 'A red bicycle',
			size: '256x256',
		} );
		const url = result.data?.[ 0 ]?.url ?? '';
		expect( url ).toMatch( /\/v1\/files\/[a-f0-9]+\.png$/ );
		const res = await fetch( url );
		expect( res.status ).toBe( 200 );
		expect( res.headers.get( 'content-type' ) ).toBe( 'image/png' );
		const info = parsePng( Buffer.from( await res.arrayBuffer() ) );
		expect( [ info.width, info.height ] ).toEqual( [ 256, 256 ] );
	} );

	it( 'answers with URLs when a prompt says so, whatever format was asked for', async () => {
		const result = await client.images.generate( {
			prompt: 'A URL-only server [[image-response:url]]',
			size: '256x256',
			response_format: 'b64_json',
		} );
		expect( result.data?.[ 0 ]?.b64_json ).toBeUndefined();
		expect( result.data?.[ 0 ]?.url ).toMatch(
			/\/v1\/files\/[a-f0-9]+\.png$/
		);
	} );

	it( 'defaults to one 1024x1024 image', async () => {
		const result = await client.images.generate( {
			prompt: 'Default size',
			response_format: 'b64_json',
		} );
		expect( result.data ).toHaveLength( 1 );
		const info = parsePng(
			Buffer.from( result.data?.[ 0 ]?.b64_json ?? '', 'base64' )
		);
		expect( [ info.width, info.height ] ).toEqual( [ 1024, 1024 ] );
	} );

	it.each( [
		[ 'n', { n: 5 } ],
		[ 'n', { n: 0 } ],
		[ 'size', { size: '640x480' } ],
		[ 'response_format', { response_format: 'gif' } ],
	] )( 'rejects an invalid %s with a 400', async ( param, extra ) => {
		const err: unknown = await client.images
			.generate( {
				prompt: 'x',
				...( extra as Partial< OpenAI.ImageGenerateParams > ),
			} )
			.catch( ( e: unknown ) => e );
		expect( err ).toBeInstanceOf( OpenAI.BadRequestError );
		expect(
			( err as InstanceType< typeof OpenAI.BadRequestError > ).param
		).toBe( param );
	} );
} );
