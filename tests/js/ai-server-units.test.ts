/* @jest-environment node */
/**
 * Pure parts of the test AI server: directives, fault resolution, the reply rule, the PNG encoder.
 */
import { crc32 as zlibCrc32 } from 'node:zlib';
import {
	countTokens,
	generateReply,
	streamPieces,
} from '../../tools/ai-server/chat';
import {
	parseDirectives,
	parseFaultSpec,
	stripDirectives,
} from '../../tools/ai-server/directives';
import { FaultState } from '../../tools/ai-server/faults';
import { drawImage } from '../../tools/ai-server/images';
import { crc32, encodePng } from '../../tools/ai-server/png';
import { parsePng } from './ai-server-helpers';

describe( 'environment', () => {
	it( 'runs under the node test environment (the docblock pragma is honoured)', () => {
		expect( typeof ( globalThis as { window?: unknown } ).window ).toBe(
			'undefined'
		);
	} );
} );

describe( 'directives', () => {
	it( 'parses every directive, first occurrence wins', () => {
		const d = parseDirectives(
			'a [[fault:429 times=2 key=abc]] b [[latency:120]] [[chunk-delay:5]] [[retry-after:9]] [[lines:3]] [[image-response:url]] [[usage:none]] [[latency:999]]'
		);
		expect( d ).toEqual( {
			fault: { kind: '429', times: 2, key: 'abc' },
			latencyMs: 120,
			chunkDelayMs: 5,
			retryAfterS: 9,
			lines: 3,
			imageResponse: 'url',
			usage: 'none',
			server: [],
		} );
	} );

	it( 'collects every known server quirk once, unknown ones ignored', () => {
		expect(
			parseDirectives(
				'[[server:no-streaming]] [[server:No-Stream-Options]] [[server:no-streaming]] [[server:teapot]]'
			).server
		).toEqual( [ 'no-streaming', 'no-stream-options' ] );
	} );

	it( 'ignores malformed values and strips directives only', () => {
		expect(
			parseDirectives( '[[latency:soon]] [[lines:0]] [[usage:some]]' )
		).toMatchObject( { latencyMs: null, lines: null, usage: null } );
		expect(
			stripDirectives( 'keep [[other:1]] drop[[fault:500]] me' )
		).toBe( 'keep [[other:1]] drop me' );
		expect( parseFaultSpec( 'HANG' ) ).toEqual( {
			kind: 'hang',
			times: null,
			key: null,
		} );
	} );
} );

describe( 'FaultState', () => {
	const sources = {
		header: null,
		model: null,
		directive: null,
		requestText: 'x',
	};

	it( 'prefers header over model over directive, and counts keyed faults', () => {
		const state = new FaultState();
		expect(
			state.resolve( {
				...sources,
				header: '503',
				model: 'fault-429',
				directive: { kind: '500', times: null, key: null },
			} )
		).toBe( '503' );
		expect(
			state.resolve( {
				...sources,
				model: 'fault-429',
				directive: { kind: '500', times: null, key: null },
			} )
		).toBe( '429' );
		const keyed = {
			...sources,
			directive: { kind: '500', times: 1, key: 'k' },
		};
		expect( state.resolve( keyed ) ).toBe( '500' );
		expect( state.resolve( keyed ) ).toBeNull();
		state.reset();
		expect( state.resolve( keyed ) ).toBe( '500' );
	} );

	it( 'global faults last N requests', () => {
		const state = new FaultState();
		state.setGlobal( 'hang', 2 );
		expect( [
			state.resolve( sources ),
			state.resolve( sources ),
			state.resolve( sources ),
		] ).toEqual( [ 'hang', 'hang', null ] );
	} );
} );

describe( 'reply rule', () => {
	it( 'quotes up to six words of the last user message, then 2–4 sentences', () => {
		const reply = generateReply( [
			{ role: 'user', content: 'first question' },
			{ role: 'assistant', content: 'answer' },
			{
				role: 'user',
				content:
					'  Rewrite   this paragraph in a friendlier tone please',
			},
		] );
		expect( reply ).toMatch(
			/^"Rewrite this paragraph in a friendlier" — [A-Z]/
		);
		expect( reply ).not.toContain( '\n' );
		const sentences = reply.split( ' — ' )[ 1 ]?.match( /\.(\s|$)/g ) ?? [];
		expect( sentences.length ).toBeGreaterThanOrEqual( 2 );
		expect( sentences.length ).toBeLessThanOrEqual( 4 );
	} );

	it( 'stream pieces join back to the content, one per word', () => {
		const reply = generateReply( [
			{ role: 'user', content: 'Two paragraphs [[lines:2]]' },
		] );
		expect( reply.split( '\n\n' ) ).toHaveLength( 2 );
		const pieces = streamPieces( reply );
		expect( pieces.join( '' ) ).toBe( reply );
		expect( pieces ).toHaveLength( reply.split( /\s+/ ).length );
		expect( countTokens( 'abcde' ) ).toBe( 2 );
	} );
} );

describe( 'PNG encoder', () => {
	it( 'computes the standard CRC32', () => {
		const data = Buffer.from( 'IEND' );
		expect( crc32( data ) ).toBe( zlibCrc32( data ) );
		expect( crc32( Buffer.from( '123456789' ) ) ).toBe( 0xcbf43926 );
	} );

	it( 'encodes pixels that decode back unchanged', () => {
		const rgb = new Uint8Array( 3 * 2 * 3 ).map(
			( _v, i ) => ( i * 37 ) % 256
		);
		const info = parsePng( encodePng( 3, 2, rgb ) );
		expect( [ info.width, info.height ] ).toEqual( [ 3, 2 ] );
		expect( [ ...info.raw ] ).toEqual( [
			0,
			...rgb.subarray( 0, 9 ),
			0,
			...rgb.subarray( 9 ),
		] );
	} );

	it( 'draws different images per index and the same image for the same input', () => {
		const a = drawImage( 'prompt', 0, 64, 48 );
		expect( drawImage( 'prompt', 0, 64, 48 ).equals( a ) ).toBe( true );
		expect( drawImage( 'prompt', 1, 64, 48 ).equals( a ) ).toBe( false );
		expect( drawImage( 'other', 0, 64, 48 ).equals( a ) ).toBe( false );
	} );
} );
