/**
 * POST /v1/images/generations and GET /v1/files/<id>.png.
 *
 * Each image is a real PNG: a vertical gradient plus stripes, rectangles and circles whose
 * colours and positions come from SHA-256(prompt, index), so image i differs from image j
 * and the same prompt always draws the same pictures.
 */
import { randomBytes } from 'node:crypto';
import type { PreparedRequest, RunContext } from './context';
import { parseDirectives, stripDirectives } from './directives';
import { HttpError, sendJson, type JsonObject } from './http-util';
import { imageModelContract, sizeInPixels } from './image-models';
import { encodePng } from './png';
import { mulberry32, randInt, seedFrom, type Rng } from './text';

export const RESPONSE_FORMATS = [ 'url', 'b64_json' ] as const;
export type ResponseFormat = ( typeof RESPONSE_FORMATS )[ number ];

const MAX_STORED_FILES = 256;

/** In-memory PNG store behind GET /v1/files/<id>.png (oldest evicted first). */
export class FileStore {
	private files = new Map< string, Buffer >();

	put( png: Buffer ): string {
		const id = randomBytes( 12 ).toString( 'hex' );
		this.files.set( id, png );
		while ( this.files.size > MAX_STORED_FILES ) {
			const oldest = this.files.keys().next().value;
			if ( oldest === undefined ) {
				break;
			}
			this.files.delete( oldest );
		}
		return id;
	}

	get( id: string ): Buffer | null {
		return this.files.get( id ) ?? null;
	}
}

type Rgb = [ number, number, number ];

class Canvas {
	readonly pixels: Uint8Array;

	constructor(
		readonly width: number,
		readonly height: number
	) {
		this.pixels = new Uint8Array( width * height * 3 );
	}

	/** Fills [x0, x1) on row y. */
	span( y: number, x0: number, x1: number, [ r, g, b ]: Rgb ): void {
		if ( y < 0 || y >= this.height ) {
			return;
		}
		const from = Math.max( 0, Math.floor( x0 ) );
		const to = Math.min( this.width, Math.ceil( x1 ) );
		const p = this.pixels;
		for (
			let i = ( y * this.width + from ) * 3,
				end = ( y * this.width + to ) * 3;
			i < end;
			i += 3
		) {
			p[ i ] = r;
			p[ i + 1 ] = g;
			p[ i + 2 ] = b;
		}
	}

	rect( x: number, y: number, w: number, h: number, fill: Rgb ): void {
		for (
			let row = Math.max( 0, Math.floor( y ) );
			row < Math.min( this.height, y + h );
			row++
		) {
			this.span( row, x, x + w, fill );
		}
	}

	circle( cx: number, cy: number, radius: number, fill: Rgb ): void {
		for (
			let row = Math.max( 0, Math.floor( cy - radius ) );
			row <= Math.min( this.height - 1, cy + radius );
			row++
		) {
			const dy = row - cy;
			const half = Math.sqrt( Math.max( 0, radius * radius - dy * dy ) );
			this.span( row, cx - half, cx + half, fill );
		}
	}
}

function randomColour( rng: Rng ): Rgb {
	return [
		randInt( rng, 0, 255 ),
		randInt( rng, 0, 255 ),
		randInt( rng, 0, 255 ),
	];
}

/**
 * Draws image `index` for `prompt` and returns it as a PNG.
 *
 * @param prompt Prompt text (directives already stripped).
 * @param index  Image index within the request.
 * @param width  Width in pixels.
 * @param height Height in pixels.
 */
export function drawImage(
	prompt: string,
	index: number,
	width: number,
	height: number
): Buffer {
	const rng = mulberry32( seedFrom( `${ prompt }\u0000${ index }` ) );
	const canvas = new Canvas( width, height );
	const top = randomColour( rng );
	const bottom = randomColour( rng );
	for ( let y = 0; y < height; y++ ) {
		const t = height > 1 ? y / ( height - 1 ) : 0;
		canvas.span( y, 0, width, [
			Math.round( top[ 0 ] + ( bottom[ 0 ] - top[ 0 ] ) * t ),
			Math.round( top[ 1 ] + ( bottom[ 1 ] - top[ 1 ] ) * t ),
			Math.round( top[ 2 ] + ( bottom[ 2 ] - top[ 2 ] ) * t ),
		] );
	}
	const unit = Math.min( width, height );
	for ( let i = randInt( rng, 2, 4 ); i > 0; i-- ) {
		const thickness = randInt(
			rng,
			Math.ceil( unit / 40 ),
			Math.ceil( unit / 10 )
		);
		if ( rng() < 0.5 ) {
			canvas.rect(
				0,
				randInt( rng, 0, height - 1 ),
				width,
				thickness,
				randomColour( rng )
			);
		} else {
			canvas.rect(
				randInt( rng, 0, width - 1 ),
				0,
				thickness,
				height,
				randomColour( rng )
			);
		}
	}
	for ( let i = randInt( rng, 1, 3 ); i > 0; i-- ) {
		const w = randInt( rng, Math.ceil( unit / 8 ), Math.ceil( unit / 3 ) );
		const h = randInt( rng, Math.ceil( unit / 8 ), Math.ceil( unit / 3 ) );
		canvas.rect(
			randInt( rng, 0, width - w ),
			randInt( rng, 0, height - h ),
			w,
			h,
			randomColour( rng )
		);
	}
	for ( let i = randInt( rng, 1, 3 ); i > 0; i-- ) {
		const r = randInt( rng, Math.ceil( unit / 12 ), Math.ceil( unit / 4 ) );
		canvas.circle(
			randInt( rng, r, width - r ),
			randInt( rng, r, height - r ),
			r,
			randomColour( rng )
		);
	}
	return encodePng( width, height, canvas.pixels );
}

/**
 * Validates an image generation request body.
 *
 * @param body    Parsed JSON body.
 * @param store   Where `url` images are kept.
 * @param baseUrl Origin used to build file URLs (from the request's Host header).
 */
export function prepareImages(
	body: JsonObject,
	store: FileStore,
	baseUrl: string
): PreparedRequest {
	const prompt = body.prompt;
	if ( typeof prompt !== 'string' || prompt.trim() === '' ) {
		throw new HttpError(
			400,
			"Invalid 'prompt': expected a non-empty string.",
			'invalid_request_error',
			'prompt',
			prompt === undefined
				? 'missing_required_parameter'
				: 'invalid_value'
		);
	}
	const model =
		typeof body.model === 'string' && body.model !== ''
			? body.model
			: 'iacp-image-1';
	const contract = imageModelContract( model );
	const n = body.n ?? 1;
	if ( typeof n !== 'number' || ! Number.isInteger( n ) || n < 1 ) {
		throw new HttpError(
			400,
			`Invalid 'n': ${ JSON.stringify( n ) } must be an integer between 1 and ${ contract.maxN }.`,
			'invalid_request_error',
			'n',
			'invalid_value'
		);
	}
	if ( n > contract.maxN ) {
		throw contract.nError( n );
	}
	const size = body.size ?? '1024x1024';
	if ( typeof size !== 'string' || ! contract.sizes.includes( size ) ) {
		throw contract.sizeError( size );
	}
	const { width, height } = sizeInPixels( size );
	if (
		body.response_format !== undefined &&
		! contract.acceptsResponseFormat
	) {
		throw new HttpError(
			400,
			"Unknown parameter: 'response_format'.",
			'invalid_request_error',
			'response_format',
			'unknown_parameter'
		);
	}
	const format = body.response_format ?? contract.defaultFormat;
	if (
		typeof format !== 'string' ||
		! ( RESPONSE_FORMATS as readonly string[] ).includes( format )
	) {
		throw new HttpError(
			400,
			`Invalid 'response_format': ${ JSON.stringify( format ) } is not one of 'url', 'b64_json'.`,
			'invalid_request_error',
			'response_format',
			'invalid_value'
		);
	}
	const clean = stripDirectives( prompt ).trim();
	const directives = parseDirectives( prompt );
	const answerFormat = directives.imageResponse ?? format;

	return {
		model,
		stream: false,
		promptText: prompt,
		preview: prompt.slice( 0, 500 ),
		directives,
		handlesDrop: false,
		run: ( ctx: RunContext ): void => {
			const data: Array<
				| { url: string; revised_prompt: string }
				| { b64_json: string; revised_prompt: string }
			> = [];
			for ( let i = 0; i < n; i++ ) {
				const png = drawImage( clean, i, width, height );
				const revised = `${ clean } (IACP test image ${ i + 1 } of ${ n }, ${ width }x${ height })`;
				if ( answerFormat === 'b64_json' ) {
					data.push( {
						b64_json: png.toString( 'base64' ),
						revised_prompt: revised,
					} );
				} else {
					data.push( {
						url: `${ baseUrl }/v1/files/${ store.put( png ) }.png`,
						revised_prompt: revised,
					} );
				}
			}
			sendJson( ctx.res, 200, {
				created: Math.floor( Date.now() / 1000 ),
				data,
			} );
		},
	};
}
