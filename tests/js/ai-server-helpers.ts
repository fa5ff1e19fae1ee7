/**
 * Helpers for the AI test server tests (not a test file itself).
 */
import { inflateSync } from 'node:zlib';

export const PNG_SIGNATURE = [ 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a ];

export interface PngInfo {
	width: number;
	height: number;
	/** Decompressed scanlines (filter byte + RGB per row). */
	raw: Buffer;
}

/**
 * Parses a PNG file strictly enough to prove it is real: signature, chunk layout, IHDR, IDAT inflates to the right size.
 *
 * @param png File bytes.
 */
export function parsePng( png: Buffer ): PngInfo {
	expect( [ ...png.subarray( 0, 8 ) ] ).toEqual( PNG_SIGNATURE );
	let offset = 8;
	let width = 0;
	let height = 0;
	const idat: Buffer[] = [];
	const types: string[] = [];
	while ( offset < png.length ) {
		const length = png.readUInt32BE( offset );
		const type = png.toString( 'ascii', offset + 4, offset + 8 );
		const data = png.subarray( offset + 8, offset + 8 + length );
		types.push( type );
		if ( type === 'IHDR' ) {
			width = data.readUInt32BE( 0 );
			height = data.readUInt32BE( 4 );
		} else if ( type === 'IDAT' ) {
			idat.push( data );
		}
		offset += 12 + length;
	}
	expect( types[ 0 ] ).toBe( 'IHDR' );
	expect( types[ types.length - 1 ] ).toBe( 'IEND' );
	const raw = inflateSync( Buffer.concat( idat ) );
	expect( raw.length ).toBe( ( width * 3 + 1 ) * height );
	return { width, height, raw };
}

/**
 * Resolves with the rejection of `promise` (fails the test when it resolves).
 *
 * @param promise Promise expected to reject.
 */
export async function rejectionOf(
	promise: Promise< unknown >
): Promise< unknown > {
	try {
		await promise;
	} catch ( err ) {
		return err;
	}
	throw new Error( 'Expected the promise to reject, but it resolved.' );
}

/** True for any Error, including one created in another realm (undici's errors are, under Jest). */
export function isErrorLike(
	err: unknown
): err is { name: string; message: string } {
	return (
		typeof err === 'object' &&
		err !== null &&
		typeof ( err as { message?: unknown } ).message === 'string' &&
		typeof ( err as { name?: unknown } ).name === 'string'
	);
}

/**
 * `fetch` for the openai client under Jest. Jest's node environment runs tests in a separate realm, so the
 * AbortError DOMException that undici throws on a client timeout is not `instanceof Error` there and the client
 * reports a plain APIConnectionError. Re-creating the error in this realm (name kept) lets the client classify it
 * exactly as it does in plain Node (APIConnectionTimeoutError).
 *
 * @param input Request URL or object.
 * @param init  Request options.
 */
export const sameRealmFetch: typeof fetch = async ( input, init ) => {
	try {
		return await fetch( input, init );
	} catch ( err ) {
		if ( isErrorLike( err ) && ! ( err instanceof Error ) ) {
			const copy = new Error( err.message, {
				cause: ( err as { cause?: unknown } ).cause,
			} );
			copy.name = err.name;
			throw copy;
		}
		throw err;
	}
};
