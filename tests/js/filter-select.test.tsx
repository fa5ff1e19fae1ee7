/**
 * The list filter the batch screens share: "All …" first, each value in words, and the chosen value handed back.
 */
import { act } from 'react';
import { FilterSelect } from '@iacp/admin/shared/FilterSelect';
import { reactRootPerTest } from './react-root';

const mounted = reactRootPerTest();

it( 'offers "All" and every value in words, and hands back the one chosen', () => {
	const chosen: string[] = [];
	act( () =>
		mounted.root.render(
			<FilterSelect
				label="Status"
				allLabel="All statuses"
				value="done"
				values={ [ 'done', 'failed' ] as const }
				labelOf={ ( value ) => value.toUpperCase() }
				onChange={ ( value ) => chosen.push( value ) }
			/>
		)
	);
	const select = mounted.container.querySelector(
		'select'
	) as HTMLSelectElement;
	expect(
		Array.from( select.options ).map( ( option ) => [
			option.value,
			option.textContent,
		] )
	).toEqual( [
		[ '', 'All statuses' ],
		[ 'done', 'DONE' ],
		[ 'failed', 'FAILED' ],
	] );
	expect( select.value ).toBe( 'done' );
	expect(
		mounted.container.querySelector( `label[for="${ select.id }"]` )
			?.textContent
	).toBe( 'Status' );
	act( () => {
		select.value = '';
		select.dispatchEvent( new Event( 'change', { bubbles: true } ) );
	} );
	expect( chosen ).toEqual( [ '' ] );
} );
