/**
 * Image content parts of chat messages (`{ type: 'image_url', image_url: { url } }`), checked the way the OpenAI
 * chat API checks them: only vision models take them; the URL must be a base64 data URL of a PNG, JPEG, WebP or
 * GIF no larger than 20 MB (a remote URL is refused as a download failure: this server cannot fetch, and a real
 * provider cannot fetch a private site either). The reply to an image describes it literally and
 * deterministically: its size in pixels and, for PNGs, its main colour.
 */
import { inflateSync } from 'node:zlib';
import { HttpError } from './http-util';

/** Largest decoded image one content part may carry. */
export const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** Models that accept image parts: this server's own vision model and the vision families real providers sell. */
const VISION_MODEL =
	/^(?:[\w.-]+\/)?(?:iacp-vision-\d+|gpt-4o|chatgpt-4o|gpt-4\.1|gpt-4-turbo|gpt-4-vision|gpt-5|o1|o3|o4|llava|llama3\.2-vision|qwen2(?:\.5)?-vl|gemma3|pixtral)/i;

const MEDIA_TYPES = [ 'image/png', 'image/jpeg', 'image/webp', 'image/gif' ];

export interface ReceivedImage {
	mediaType: string;
	/** Decoded size. */
	bytes: number;
	width: number | null;
	height: number | null;
	/** Main colour name, for PNGs this server can decode; else null. */
	colour: string | null;
}

export function isVisionModel( model: string ): boolean {
	return VISION_MODEL.test( model );
}

/**
 * The 400 OpenAI sends when a model without vision receives an image part.
 *
 * @param param Where the part is, e.g. `messages.[1].content.[1].type`.
 */
export function notVisionError( param: string ): HttpError {
	return new HttpError(
		400,
		'Invalid content type. image_url is only supported by certain models.',
		'invalid_request_error',
		param,
		null
	);
}

function invalidImageUrl( param: string, detail: string ): HttpError {
	return new HttpError(
		400,
		`Invalid '${ param }'. Expected a base64-encoded data URL with an image MIME type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got ${ detail }.`,
		'invalid_request_error',
		param,
		'invalid_value'
	);
}

/**
 * Validates one image part and returns what it carries.
 *
 * @param part  The content part (its `type` is `image_url`).
 * @param param Its path for errors, e.g. `messages[1].content[1]`.
 */
export function readImagePart(
	part: Record< string, unknown >,
	param: string
): ReceivedImage {
	const imageUrl = part.image_url;
	const url =
		typeof imageUrl === 'object' &&
		imageUrl !== null &&
		typeof ( imageUrl as Record< string, unknown > ).url === 'string'
			? String( ( imageUrl as Record< string, unknown > ).url )
			: null;
	if ( url === null ) {
		throw new HttpError(
			400,
			`Missing required parameter: '${ param }.image_url.url'.`,
			'invalid_request_error',
			`${ param }.image_url.url`,
			'missing_required_parameter'
		);
	}
	if ( /^https?:\/\//i.test( url ) ) {
		throw new HttpError(
			400,
			`Error while downloading ${ url }.`,
			'invalid_request_error',
			'url',
			'invalid_image_url'
		);
	}
	const match = /^data:([^;,]+);base64,(.*)$/s.exec( url );
	if ( ! match ) {
		throw invalidImageUrl(
			`${ param }.image_url.url`,
			'a value that is not a base64 data URL'
		);
	}
	const mediaType = ( match[ 1 ] ?? '' ).toLowerCase();
	const data = match[ 2 ] ?? '';
	if ( ! MEDIA_TYPES.includes( mediaType ) ) {
		throw invalidImageUrl(
			`${ param }.image_url.url`,
			`unsupported MIME type '${ mediaType }'`
		);
	}
	// Checked before decoding: base64 carries 3 bytes in 4 characters.
	const decodedBytes = Math.floor( ( data.length * 3 ) / 4 );
	if ( decodedBytes > MAX_IMAGE_BYTES ) {
		throw new HttpError(
			400,
			`Image too large: ${ decodedBytes } bytes. The maximum is ${ MAX_IMAGE_BYTES } bytes per image.`,
			'invalid_request_error',
			`${ param }.image_url.url`,
			'image_too_large'
		);
	}
	if (
		data === '' ||
		data.length % 4 !== 0 ||
		! /^[A-Za-z0-9+/]*={0,2}$/.test( data )
	) {
		throw invalidImageUrl(
			`${ param }.image_url.url`,
			'invalid base64 data'
		);
	}
	const bytes = Buffer.from( data, 'base64' );
	const size = dimensions( bytes, mediaType );
	if ( size === null ) {
		throw new HttpError(
			400,
			'You uploaded an unsupported image. Please make sure your image is valid.',
			'invalid_request_error',
			null,
			'image_parse_error'
		);
	}
	return {
		mediaType,
		bytes: bytes.length,
		width: size.width,
		height: size.height,
		colour: mediaType === 'image/png' ? pngColour( bytes ) : null,
	};
}

/**
 * A literal description: `A mostly red image, 300 × 200 pixels.`
 *
 * @param image What was received.
 */
export function describeImage( image: ReceivedImage ): string {
	const what = image.colour ? `A mostly ${ image.colour } image` : 'An image';
	return `${ what }, ${ String( image.width ) } × ${ String( image.height ) } pixels.`;
}

/**
 * Prompt tokens an image costs, as OpenAI counts them at high detail: the image scaled down to fit 2048 × 2048 and
 * then to a shortest side of at most 768, 170 per 512-pixel tile plus 85.
 *
 * @param image What was received.
 */
export function imageTokens( image: ReceivedImage ): number {
	let w = image.width ?? 512;
	let h = image.height ?? 512;
	const fit = Math.min( 1, 2048 / Math.max( w, h ) );
	w *= fit;
	h *= fit;
	const shortest = Math.min( 1, 768 / Math.min( w, h ) );
	w *= shortest;
	h *= shortest;
	return 85 + 170 * Math.ceil( w / 512 ) * Math.ceil( h / 512 );
}

/**
 * Width and height from the file header, or null when the bytes are not an image of that media type.
 *
 * @param b         File bytes.
 * @param mediaType Declared media type.
 */
function dimensions(
	b: Buffer,
	mediaType: string
): { width: number; height: number } | null {
	if ( mediaType === 'image/png' ) {
		return b.length >= 24 &&
			b
				.subarray( 0, 8 )
				.equals( Buffer.from( '89504e470d0a1a0a', 'hex' ) )
			? { width: b.readUInt32BE( 16 ), height: b.readUInt32BE( 20 ) }
			: null;
	}
	if ( mediaType === 'image/gif' ) {
		return b.length >= 10 && b.toString( 'latin1', 0, 3 ) === 'GIF'
			? { width: b.readUInt16LE( 6 ), height: b.readUInt16LE( 8 ) }
			: null;
	}
	if ( mediaType === 'image/webp' ) {
		if (
			b.length < 30 ||
			b.toString( 'latin1', 0, 4 ) !== 'RIFF' ||
			b.toString( 'latin1', 8, 12 ) !== 'WEBP'
		) {
			return null;
		}
		const kind = b.toString( 'latin1', 12, 16 );
		if ( kind === 'VP8X' ) {
			return {
				width: 1 + b.readUIntLE( 24, 3 ),
				height: 1 + b.readUIntLE( 27, 3 ),
			};
		}
		if ( kind === 'VP8L' ) {
			const bits = b.readUInt32LE( 21 );
			return {
				width: 1 + ( bits & 0x3fff ), // eslint-disable-line no-bitwise -- VP8L packs 14-bit sizes.
				height: 1 + ( ( bits >>> 14 ) & 0x3fff ), // eslint-disable-line no-bitwise
			};
		}
		return {
			width: b.readUInt16LE( 26 ) & 0x3fff, // eslint-disable-line no-bitwise -- VP8 keeps scale bits on top.
			height: b.readUInt16LE( 28 ) & 0x3fff, // eslint-disable-line no-bitwise
		};
	}
	// JPEG: walk the segments to the first start-of-frame marker.
	if ( b.length < 4 || b[ 0 ] !== 0xff || b[ 1 ] !== 0xd8 ) {
		return null;
	}
	let at = 2;
	while ( at + 9 < b.length ) {
		if ( b[ at ] !== 0xff ) {
			return null;
		}
		const marker = b[ at + 1 ] ?? 0;
		if (
			marker >= 0xc0 &&
			marker <= 0xcf &&
			! [ 0xc4, 0xc8, 0xcc ].includes( marker )
		) {
			return {
				height: b.readUInt16BE( at + 5 ),
				width: b.readUInt16BE( at + 7 ),
			};
		}
		at += 2 + b.readUInt16BE( at + 2 );
	}
	return null;
}

const NAMED_COLOURS: ReadonlyArray< [ string, number, number, number ] > = [
	[ 'black', 0, 0, 0 ],
	[ 'white', 255, 255, 255 ],
	[ 'grey', 128, 128, 128 ],
	[ 'red', 220, 30, 30 ],
	[ 'green', 30, 160, 60 ],
	[ 'blue', 30, 60, 220 ],
	[ 'yellow', 240, 220, 40 ],
	[ 'orange', 245, 140, 30 ],
	[ 'purple', 130, 50, 160 ],
	[ 'brown', 120, 80, 40 ],
];

/**
 * The named colour nearest to the average pixel of an 8-bit, non-interlaced greyscale/RGB/RGBA PNG; null for
 * other PNGs (palette, 16-bit, interlaced) or a broken one.
 *
 * @param png PNG file bytes.
 */
function pngColour( png: Buffer ): string | null {
	try {
		const width = png.readUInt32BE( 16 );
		const height = png.readUInt32BE( 20 );
		const depth = png[ 24 ];
		const type = png[ 25 ];
		const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[ type ?? -1 ];
		if ( depth !== 8 || channels === undefined || png[ 28 ] !== 0 ) {
			return null;
		}
		const idat: Buffer[] = [];
		for ( let at = 8; at + 8 <= png.length; ) {
			const length = png.readUInt32BE( at );
			if ( png.toString( 'latin1', at + 4, at + 8 ) === 'IDAT' ) {
				idat.push( png.subarray( at + 8, at + 8 + length ) );
			}
			at += 12 + length;
		}
		const raw = inflateSync( Buffer.concat( idat ) );
		const stride = width * channels;
		let prev = Buffer.alloc( stride );
		let red = 0;
		let green = 0;
		let blue = 0;
		for ( let y = 0; y < height; y++ ) {
			const filter = raw[ y * ( stride + 1 ) ] ?? 0;
			const line = Buffer.from(
				raw.subarray(
					y * ( stride + 1 ) + 1,
					( y + 1 ) * ( stride + 1 )
				)
			);
			unfilter( filter, line, prev, channels );
			for ( let x = 0; x < width; x++ ) {
				const p = x * channels;
				const grey = channels < 3;
				red += line[ p ] ?? 0;
				green += line[ grey ? p : p + 1 ] ?? 0;
				blue += line[ grey ? p : p + 2 ] ?? 0;
			}
			prev = line;
		}
		const n = Math.max( 1, width * height );
		const [ r, g, b ] = [ red / n, green / n, blue / n ];
		let best = 'grey';
		let bestDistance = Infinity;
		for ( const [ name, cr, cg, cb ] of NAMED_COLOURS ) {
			const distance =
				( r - cr ) ** 2 + ( g - cg ) ** 2 + ( b - cb ) ** 2;
			if ( distance < bestDistance ) {
				best = name;
				bestDistance = distance;
			}
		}
		return best;
	} catch {
		return null;
	}
}

/**
 * Reverses one PNG scanline filter in place.
 *
 * @param filter Filter type 0–4.
 * @param line   This scanline (filtered bytes in, raw bytes out).
 * @param prev   The previous raw scanline (zeros for the first).
 * @param bpp    Bytes per pixel.
 */
function unfilter(
	filter: number,
	line: Buffer,
	prev: Buffer,
	bpp: number
): void {
	for ( let i = 0; i < line.length; i++ ) {
		const left = i >= bpp ? ( line[ i - bpp ] ?? 0 ) : 0;
		const up = prev[ i ] ?? 0;
		const upLeft = i >= bpp ? ( prev[ i - bpp ] ?? 0 ) : 0;
		let add = 0;
		if ( filter === 1 ) {
			add = left;
		} else if ( filter === 2 ) {
			add = up;
		} else if ( filter === 3 ) {
			add = Math.floor( ( left + up ) / 2 );
		} else if ( filter === 4 ) {
			const p = left + up - upLeft;
			const pa = Math.abs( p - left );
			const pb = Math.abs( p - up );
			const pc = Math.abs( p - upLeft );
			if ( pa <= pb && pa <= pc ) {
				add = left;
			} else {
				add = pb <= pc ? up : upLeft;
			}
		}
		line[ i ] = ( ( line[ i ] ?? 0 ) + add ) % 256;
	}
}
