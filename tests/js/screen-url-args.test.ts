/**
 * The query-argument helpers the Jobs and Batches screens share: what is accepted, what is replaced, what is kept.
 */
import {
	oneOf,
	positiveIntegerArg,
	withScreenArgs,
} from '@iacp/admin/shared/screenUrlArgs';

describe( 'oneOf', () => {
	it( 'keeps a known value and turns anything else into ""', () => {
		const colours = [ 'red', 'blue' ] as const;
		expect( oneOf( colours, 'blue' ) ).toBe( 'blue' );
		expect( oneOf( colours, 'BLUE' ) ).toBe( '' );
		expect( oneOf( colours, null ) ).toBe( '' );
	} );
} );

describe( 'positiveIntegerArg', () => {
	it( 'accepts a plain positive number up to the given digits', () => {
		expect( positiveIntegerArg( '7', 10 ) ).toBe( '7' );
		expect( positiveIntegerArg( '1234567890', 10 ) ).toBe( '1234567890' );
		expect( positiveIntegerArg( '12345678901', 10 ) ).toBe( '' );
		expect( positiveIntegerArg( '12345678901', 19 ) ).toBe( '12345678901' );
	} );

	it( 'refuses zero, signs, leading zeros, decimals and words', () => {
		for ( const value of [
			'0',
			'-1',
			'+1',
			'01',
			'1.5',
			'abc',
			'',
			null,
		] ) {
			expect( positiveIntegerArg( value, 19 ) ).toBe( '' );
		}
	} );
} );

describe( 'withScreenArgs', () => {
	it( 'replaces the screen’s arguments, keeps the others and leaves out empty values', () => {
		expect(
			withScreenArgs( '?page=iacp-jobs&status=failed&paged=3&orderby=x', {
				status: 'queued',
				paged: '',
			} )
		).toBe( '?page=iacp-jobs&orderby=x&status=queued' );
	} );

	it( 'gives "" when no argument is left', () => {
		expect( withScreenArgs( '?paged=2', { paged: '' } ) ).toBe( '' );
	} );
} );
