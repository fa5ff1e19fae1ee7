/* eslint-disable no-bitwise -- the PRNG is integer bit mixing by design. */
/**
 * Deterministic pseudo-text: a seeded PRNG and an English word list.
 */
import { createHash } from 'node:crypto';

export type Rng = () => number;

/** Returns a 32-bit seed from the SHA-256 of the input. */
export function seedFrom( input: string ): number {
	return createHash( 'sha256' ).update( input ).digest().readUInt32LE( 0 );
}

/**
 * mulberry32: small, fast, deterministic PRNG returning floats in [0, 1).
 *
 * @param seed 32-bit seed.
 */
export function mulberry32( seed: number ): Rng {
	let a = seed >>> 0;
	return () => {
		a = ( a + 0x6d2b79f5 ) >>> 0;
		let t = a;
		t = Math.imul( t ^ ( t >>> 15 ), t | 1 );
		t ^= t + Math.imul( t ^ ( t >>> 7 ), t | 61 );
		return ( ( t ^ ( t >>> 14 ) ) >>> 0 ) / 4294967296;
	};
}

export function randInt( rng: Rng, min: number, max: number ): number {
	return min + Math.floor( rng() * ( max - min + 1 ) );
}

export function pick< T >( rng: Rng, list: readonly T[] ): T {
	const item = list[ Math.floor( rng() * list.length ) ];
	if ( item === undefined ) {
		throw new Error( 'pick() from an empty list' );
	}
	return item;
}

const ADJECTIVES: readonly string[] =
	'quiet bright careful modern gentle practical curious steady simple clever patient vivid honest local early golden useful calm bold fresh'.split(
		' '
	);
const NOUNS: readonly string[] =
	'garden editor river story kitchen library morning village project teacher market journey window harbour recipe meadow reader workshop season lantern'.split(
		' '
	);
const VERBS: readonly string[] =
	'shapes follows welcomes explains improves carries reveals supports gathers describes invites connects builds protects remembers celebrates guides changes offers finds'.split(
		' '
	);
const ADVERBS: readonly string[] =
	'slowly clearly often gladly quietly always simply together again eventually'.split(
		' '
	);
const PREPOSITIONS: readonly string[] =
	'beside across within beyond around through near under'.split( ' ' );

function capitalise( s: string ): string {
	return s.charAt( 0 ).toUpperCase() + s.slice( 1 );
}

/**
 * One English-looking sentence built from the word lists.
 *
 * @param rng Seeded PRNG.
 */
export function sentence( rng: Rng ): string {
	const a = (): string => pick( rng, ADJECTIVES );
	const n = (): string => pick( rng, NOUNS );
	const v = (): string => pick( rng, VERBS );
	const adv = (): string => pick( rng, ADVERBS );
	const p = (): string => pick( rng, PREPOSITIONS );
	switch ( randInt( rng, 0, 3 ) ) {
		case 0:
			return `The ${ a() } ${ n() } ${ v() } the ${ n() } ${ p() } the ${ a() } ${ n() }.`;
		case 1:
			return `Every ${ n() } ${ v() } ${ adv() }, and the ${ a() } ${ n() } ${ v() } it ${ p() } the ${ n() }.`;
		case 2:
			return `${ capitalise( adv() ) }, a ${ a() } ${ n() } ${ v() } the ${ a() } ${ n() }.`;
		default:
			return `This ${ n() } ${ v() } a ${ a() } ${ n() } and ${ v() } the ${ n() } ${ adv() }.`;
	}
}

/**
 * A paragraph of `min`..`max` sentences.
 *
 * @param rng Seeded PRNG.
 * @param min Minimum sentence count.
 * @param max Maximum sentence count.
 */
export function paragraph( rng: Rng, min = 2, max = 4 ): string {
	const count = randInt( rng, min, max );
	const sentences: string[] = [];
	for ( let i = 0; i < count; i++ ) {
		sentences.push( sentence( rng ) );
	}
	return sentences.join( ' ' );
}
