/* @jest-environment node */
/**
 * Image content parts in chat: only vision models take them, with OpenAI's 400 bodies for everything else (a
 * text-only model, a remote URL this server cannot fetch, a bad data URL, a wrong media type, an image that is not
 * one, an image over 20 MB). The answer describes the image literally and deterministically, and the request log
 * records what arrived (never the data).
 */
import { encodePng } from '../../tools/ai-server/png';
import { startAiServer, type AiServer } from '../../tools/ai-server/server';
import { isVisionModel, MAX_IMAGE_BYTES } from '../../tools/ai-server/vision';

let server: AiServer;

beforeAll( async () => {
	server = await startAiServer( { port: 0, chunkDelayMs: 1 } );
} );

afterAll( async () => {
	await server.close();
} );

beforeEach( async () => {
	await fetch( `${ server.url }/__control/reset`, { method: 'POST' } );
} );

/** A PNG of one colour. */
function solidPng( width: number, height: number, rgb: number[] ): Buffer {
	const pixels = new Uint8Array( width * height * 3 );
	for ( let i = 0; i < pixels.length; i++ ) {
		pixels[ i ] = rgb[ i % 3 ] ?? 0;
	}
	return encodePng( width, height, pixels );
}

function dataUrl( bytes: Buffer, type = 'image/png' ): string {
	return `data:${ type };base64,${ bytes.toString( 'base64' ) }`;
}

/** POSTs a chat completion request body. */
function postChat( body: Record< string, unknown > ): Promise< Response > {
	return fetch( `${ server.url }/v1/chat/completions`, {
		method: 'POST',
		headers: {
			Authorization: 'Bearer test',
			'Content-Type': 'application/json',
		},
		body: JSON.stringify( body ),
	} );
}

/** A chat request with one user message of text and image parts. */
async function chat(
	model: string,
	urls: string[],
	stream = false
): Promise< { status: number; json: Record< string, unknown > } > {
	const res = await postChat( {
		model,
		stream,
		messages: [
			{ role: 'system', content: 'Write alt text.' },
			{
				role: 'user',
				content: [
					{ type: 'text', text: 'Describe this image.' },
					...urls.map( ( url ) => ( {
						type: 'image_url',
						image_url: { url, detail: 'low' },
					} ) ),
				],
			},
		],
	} );
	const text = await res.text();
	return {
		status: res.status,
		json: stream
			? { stream: text }
			: ( JSON.parse( text ) as Record< string, unknown > ),
	};
}

function answer( json: Record< string, unknown > ): string {
	const choices = json.choices as Array< { message: { content: string } } >;
	return choices[ 0 ]?.message.content ?? '';
}

function error( json: Record< string, unknown > ): Record< string, unknown > {
	return json.error as Record< string, unknown >;
}

describe( 'vision chat', () => {
	it( 'describes a PNG by size and main colour, the same way every time', async () => {
		const red = dataUrl( solidPng( 300, 200, [ 220, 20, 30 ] ) );
		const first = await chat( 'iacp-vision-1', [ red ] );
		expect( first.status ).toBe( 200 );
		expect( answer( first.json ) ).toBe(
			'A mostly red image, 300 × 200 pixels.'
		);
		expect(
			answer( ( await chat( 'iacp-vision-1', [ red ] ) ).json )
		).toBe( answer( first.json ) );
		const blue = await chat( 'gpt-4o-mini', [
			dataUrl( solidPng( 64, 48, [ 20, 40, 230 ] ) ),
		] );
		expect( answer( blue.json ) ).toBe(
			'A mostly blue image, 64 × 48 pixels.'
		);
	} );

	it( 'counts image tokens in the usage, as providers bill them', async () => {
		const tokens = async ( width: number, height: number ) =>
			(
				(
					await chat( 'iacp-vision-1', [
						dataUrl( solidPng( width, height, [ 0, 0, 0 ] ) ),
					] )
				).json.usage as { prompt_tokens: number }
			 ).prompt_tokens;
		const text = ( await tokens( 100, 100 ) ) - ( 85 + 170 );
		expect( text ).toBeGreaterThan( 0 );
		expect( text ).toBeLessThan( 30 );
		// 2000 × 1000 is scaled to 1536 × 768: 3 × 2 tiles.
		expect( await tokens( 2000, 1000 ) ).toBe( text + 85 + 170 * 6 );
	} );

	it( 'streams the same description', async () => {
		const { status, json } = await chat(
			'iacp-vision-1',
			[ dataUrl( solidPng( 10, 20, [ 250, 250, 250 ] ) ) ],
			true
		);
		expect( status ).toBe( 200 );
		const deltas = String( json.stream )
			.split( '\n\n' )
			.filter( ( line ) => line.startsWith( 'data: {' ) )
			.map(
				( line ) =>
					(
						JSON.parse( line.slice( 6 ) ) as {
							choices: Array< { delta: { content?: string } } >;
						}
					 ).choices[ 0 ]?.delta.content ?? ''
			)
			.join( '' );
		expect( deltas ).toBe( 'A mostly white image, 10 × 20 pixels.' );
	} );

	it( 'reads JPEG, GIF and WebP sizes from their headers', async () => {
		// The smallest valid headers: JPEG SOF0, GIF logical screen, WebP VP8X canvas.
		const jpeg = Buffer.from(
			'ffd8ffe000104a46494600010100000100010000ffc0000b080064012c01011100ffd9',
			'hex'
		);
		const gif = Buffer.concat( [
			Buffer.from( 'GIF89a', 'latin1' ),
			Buffer.from( [ 40, 0, 30, 0, 0, 0, 0 ] ),
		] );
		const webp = Buffer.alloc( 30 );
		webp.write( 'RIFF', 0, 'latin1' );
		webp.write( 'WEBPVP8X', 8, 'latin1' );
		webp.writeUIntLE( 49, 24, 3 );
		webp.writeUIntLE( 9, 27, 3 );
		const { json } = await chat( 'iacp-vision-1', [
			dataUrl( jpeg, 'image/jpeg' ),
			dataUrl( gif, 'image/gif' ),
			dataUrl( webp, 'image/webp' ),
		] );
		expect( answer( json ) ).toBe(
			'An image, 300 × 100 pixels. An image, 40 × 30 pixels. An image, 50 × 10 pixels.'
		);
	} );

	it( 'logs what each image part carried, never the data', async () => {
		await chat( 'iacp-vision-1', [
			dataUrl( solidPng( 32, 16, [ 30, 160, 60 ] ) ),
		] );
		const log = ( await (
			await fetch( `${ server.url }/__control/requests` )
		).json() ) as Array< Record< string, unknown > >;
		const entry = log[ log.length - 1 ] ?? {};
		expect( entry.images ).toEqual( [
			{
				mediaType: 'image/png',
				bytes: solidPng( 32, 16, [ 30, 160, 60 ] ).length,
				width: 32,
				height: 16,
				colour: 'green',
			},
		] );
		expect( JSON.stringify( entry ) ).not.toContain( 'base64' );
	} );
} );

describe( 'vision strictness', () => {
	const png = dataUrl( solidPng( 8, 8, [ 0, 0, 0 ] ) );

	it.each( [ 'iacp-text-1', 'gpt-3.5-turbo', 'my-text-model' ] )(
		'%s has no vision: 400 as OpenAI sends it',
		async ( model ) => {
			const { status, json } = await chat( model, [ png ] );
			expect( status ).toBe( 400 );
			expect( error( json ) ).toEqual( {
				message:
					'Invalid content type. image_url is only supported by certain models.',
				type: 'invalid_request_error',
				param: 'messages.[1].content.[1].type',
				code: null,
			} );
		}
	);

	it( 'knows which model families see', () => {
		for ( const model of [
			'iacp-vision-1',
			'gpt-4o',
			'gpt-4o-mini',
			'openai/gpt-4.1-mini',
			'llava:13b',
		] ) {
			expect( isVisionModel( model ) ).toBe( true );
		}
		for ( const model of [
			'iacp-text-1',
			'gpt-3.5-turbo',
			'gpt-4',
			'llama3',
		] ) {
			expect( isVisionModel( model ) ).toBe( false );
		}
	} );

	it( 'refuses a remote URL as a failed download (this server, like a provider, cannot reach it)', async () => {
		const url = 'http://127.0.0.1:9/wp-content/uploads/photo.jpg';
		const { status, json } = await chat( 'iacp-vision-1', [ url ] );
		expect( status ).toBe( 400 );
		expect( error( json ) ).toEqual( {
			message: `Error while downloading ${ url }.`,
			type: 'invalid_request_error',
			param: 'url',
			code: 'invalid_image_url',
		} );
	} );

	it.each( [
		[
			'data:image/svg+xml;base64,PHN2Zz4=',
			"unsupported MIME type 'image/svg+xml'",
		],
		[ 'data:image/png,rawbytes', 'a value that is not a base64 data URL' ],
		[ 'data:image/png;base64,not base64!', 'invalid base64 data' ],
		[ 'data:image/png;base64,', 'invalid base64 data' ],
	] )( 'refuses the data URL %s', async ( url, detail ) => {
		const { status, json } = await chat( 'iacp-vision-1', [ url ] );
		expect( status ).toBe( 400 );
		expect( error( json ).code ).toBe( 'invalid_value' );
		expect( error( json ).param ).toBe(
			'messages[1].content[1].image_url.url'
		);
		expect( String( error( json ).message ) ).toContain( detail );
	} );

	it( 'refuses bytes that are not the image the media type says', async () => {
		const { status, json } = await chat( 'iacp-vision-1', [
			dataUrl( Buffer.from( 'this is not a picture at all' ) ),
			dataUrl( solidPng( 4, 4, [ 0, 0, 0 ] ), 'image/jpeg' ),
		] );
		expect( status ).toBe( 400 );
		expect( error( json ).code ).toBe( 'image_parse_error' );
	} );

	it( 'refuses an image over 20 MB', async () => {
		// A valid PNG header followed by incompressible padding: over the cap once decoded.
		const big = Buffer.concat( [
			solidPng( 1, 1, [ 0, 0, 0 ] ),
			Buffer.alloc( MAX_IMAGE_BYTES, 7 ),
		] );
		const { status, json } = await chat( 'iacp-vision-1', [
			dataUrl( big ),
		] );
		expect( status ).toBe( 400 );
		expect( error( json ).code ).toBe( 'image_too_large' );
	}, 60_000 );

	it( 'refuses image parts outside user messages and unknown part types', async () => {
		const res = await postChat( {
			model: 'iacp-vision-1',
			messages: [
				{
					role: 'system',
					content: [ { type: 'image_url', image_url: { url: png } } ],
				},
			],
		} );
		expect( res.status ).toBe( 400 );
		const unknown = await postChat( {
			model: 'iacp-vision-1',
			messages: [
				{
					role: 'user',
					content: [ { type: 'picture', url: png } ],
				},
			],
		} );
		expect( unknown.status ).toBe( 400 );
		expect(
			error( ( await unknown.json() ) as Record< string, unknown > ).param
		).toBe( 'messages[0].content[0].type' );
	} );
} );
