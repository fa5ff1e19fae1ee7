/* eslint-disable no-bitwise -- CRC32 is bit arithmetic by definition. */
/**
 * Minimal PNG encoder (8-bit RGB, no interlace) using node:zlib and a table CRC32.
 */
import { deflateSync } from 'node:zlib';

const PNG_SIGNATURE = Buffer.from( [
	0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a,
] );

const CRC_TABLE: Uint32Array = ( () => {
	const table = new Uint32Array( 256 );
	for ( let n = 0; n < 256; n++ ) {
		let c = n;
		for ( let k = 0; k < 8; k++ ) {
			c = c & 1 ? 0xedb88320 ^ ( c >>> 1 ) : c >>> 1;
		}
		table[ n ] = c >>> 0;
	}
	return table;
} )();

export function crc32( ...parts: Uint8Array[] ): number {
	let crc = 0xffffffff;
	for ( const bytes of parts ) {
		for ( let i = 0; i < bytes.length; i++ ) {
			crc =
				( CRC_TABLE[ ( crc ^ ( bytes[ i ] ?? 0 ) ) & 0xff ] ?? 0 ) ^
				( crc >>> 8 );
		}
	}
	return ( crc ^ 0xffffffff ) >>> 0;
}

function chunk( type: string, data: Buffer ): Buffer {
	const typeBytes = Buffer.from( type, 'ascii' );
	const out = Buffer.alloc( 12 + data.length );
	out.writeUInt32BE( data.length, 0 );
	typeBytes.copy( out, 4 );
	data.copy( out, 8 );
	out.writeUInt32BE( crc32( typeBytes, data ), 8 + data.length );
	return out;
}

/**
 * Encodes RGB pixels (row-major, 3 bytes per pixel) as a PNG file.
 *
 * @param width  Image width.
 * @param height Image height.
 * @param rgb    width * height * 3 bytes.
 */
export function encodePng(
	width: number,
	height: number,
	rgb: Uint8Array
): Buffer {
	const stride = width * 3;
	if ( rgb.length !== stride * height ) {
		throw new Error(
			`encodePng: expected ${ stride * height } bytes, got ${ rgb.length }`
		);
	}
	const raw = Buffer.alloc( ( stride + 1 ) * height );
	for ( let y = 0; y < height; y++ ) {
		// Filter type 0 (None) at the start of each scanline.
		raw.set(
			rgb.subarray( y * stride, ( y + 1 ) * stride ),
			y * ( stride + 1 ) + 1
		);
	}
	const ihdr = Buffer.alloc( 13 );
	ihdr.writeUInt32BE( width, 0 );
	ihdr.writeUInt32BE( height, 4 );
	ihdr[ 8 ] = 8; // Bit depth.
	ihdr[ 9 ] = 2; // Colour type: truecolour RGB.
	ihdr[ 10 ] = 0; // Compression.
	ihdr[ 11 ] = 0; // Filter method.
	ihdr[ 12 ] = 0; // No interlace.
	return Buffer.concat( [
		PNG_SIGNATURE,
		chunk( 'IHDR', ihdr ),
		chunk( 'IDAT', deflateSync( raw, { level: 6 } ) ),
		chunk( 'IEND', Buffer.alloc( 0 ) ),
	] );
}
