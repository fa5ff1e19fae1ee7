/**
 * The list filter the batch screens share: "All …" first, each value in words, and the chosen value handed back.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { FilterSelect } from '@iacp/admin/shared/FilterSelect';

(
	globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
 ).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLElement;
let root: Root;

beforeEach( () => {
	container = document.createElement( 'div' );
	document.body.appendChild( container );
	root = createRoot( container );
} );

afterEach( () => {
	act( () => root.unmount() );
	container.remove();
} );

it( 'offers "All" and every value in words, and hands back the one chosen', () => {
	const chosen: string[] = [];
	act( () =>
		root.render(
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
	const select = container.querySelector( 'select' ) as HTMLSelectElement;
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
		container.querySelector( `label[for="${ select.id }"]` )?.textContent
	).toBe( 'Status' );
	act( () => {
		select.value = '';
		select.dispatchEvent( new Event( 'change', { bubbles: true } ) );
	} );
	expect( chosen ).toEqual( [ '' ] );
} );
