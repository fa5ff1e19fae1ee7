/**
 * The list table every admin screen uses: headers and rows from column data, its row attributes, the checkbox
 * column, and the same loading, error and empty rows. Rendered with react-dom in jsdom.
 */
import { act } from 'react';
import { ApiError } from '@iacp/api/errors';
import { ListTable, type ListColumn } from '@iacp/admin/shared/ListTable';
import { reactRootPerTest } from './react-root';

interface Fruit {
	id: number;
	name: string;
	colour: string;
}

const FRUITS: Fruit[] = [
	{ id: 1, name: 'Apple', colour: 'red' },
	{ id: 2, name: 'Lime', colour: 'green' },
];

const COLUMNS: Array< ListColumn< Fruit > > = [
	{ label: 'Name', cell: ( fruit ) => <a href="#x">{ fruit.name }</a> },
	{ label: 'Colour', cell: ( fruit ) => fruit.colour, className: 'colour' },
];

const mounted = reactRootPerTest();

function render(
	props: Partial< Parameters< typeof ListTable< Fruit > >[ 0 ] >
) {
	act( () =>
		mounted.root.render(
			<ListTable< Fruit >
				caption="Fruits"
				className="fruit-table"
				columns={ COLUMNS }
				rows={ FRUITS }
				rowKey={ ( fruit ) => fruit.id }
				rowAttributes={ ( fruit ) => ( {
					'data-fruit-id': fruit.id,
					className: fruit.id === 2 ? 'is-selected' : undefined,
				} ) }
				isLoading={ false }
				emptyText="No fruit."
				{ ...props }
			/>
		)
	);
	return mounted.container.querySelector( 'table' ) as HTMLTableElement;
}

/** Each body row's cell texts. */
function bodyTexts( table: HTMLTableElement ): string[][] {
	return Array.from( table.tBodies[ 0 ]?.rows ?? [] ).map( ( row ) =>
		Array.from( row.cells ).map( ( cell ) => cell.textContent ?? '' )
	);
}

describe( 'ListTable', () => {
	it( 'names the table and heads each column, then renders one row per item', () => {
		const table = render( {} );
		expect( table.className ).toBe(
			'wp-list-table widefat striped fruit-table'
		);
		expect( table.caption?.textContent ).toBe( 'Fruits' );
		const headers = Array.from(
			table.tHead?.querySelectorAll( 'th' ) ?? []
		);
		expect( headers.map( ( th ) => th.textContent ) ).toEqual( [
			'Name',
			'Colour',
		] );
		expect( headers.every( ( th ) => th.scope === 'col' ) ).toBe( true );
		expect( bodyTexts( table ) ).toEqual( [
			[ 'Apple', 'red' ],
			[ 'Lime', 'green' ],
		] );
		expect(
			table.querySelector( 'tr[data-fruit-id="2"]' )?.className
		).toBe( 'is-selected' );
		expect(
			table.querySelector( 'tr[data-fruit-id="1"] td.colour' )
				?.textContent
		).toBe( 'red' );
	} );

	it( 'shows the empty text across the table when nothing matches', () => {
		const table = render( { rows: [] } );
		const cells = table.tBodies[ 0 ]?.querySelectorAll( 'td' ) ?? [];
		expect( cells ).toHaveLength( 1 );
		expect( cells[ 0 ]?.colSpan ).toBe( 2 );
		expect( cells[ 0 ]?.textContent ).toBe( 'No fruit.' );
	} );

	it( 'shows a spinner, not the empty text, while loading', () => {
		const table = render( { rows: [], isLoading: true } );
		expect( table.tBodies[ 0 ]?.rows ).toHaveLength( 1 );
		expect(
			table.querySelector( 'tbody .components-spinner' )
		).not.toBeNull();
		expect( table.textContent ).not.toContain( 'No fruit.' );
	} );

	it( 'shows why loading failed instead of claiming nothing matches, above rows still shown', () => {
		const error = new ApiError( 'The server said no.', {
			code: 'iacp_nope',
			status: 500,
		} );
		const empty = render( { rows: [], error } );
		expect( empty.tBodies[ 0 ]?.rows ).toHaveLength( 1 );
		expect(
			empty.querySelector( 'tbody td .components-notice.is-error' )
				?.textContent
		).toContain( 'The server said no.' );
		expect( empty.textContent ).not.toContain( 'No fruit.' );

		const stale = render( { error } );
		const firstCells = bodyTexts( stale ).map( ( row ) => row[ 0 ] );
		expect( firstCells ).toHaveLength( 3 );
		expect( firstCells[ 0 ] ).toContain( 'The server said no.' );
		expect( firstCells.slice( 1 ) ).toEqual( [ 'Apple', 'Lime' ] );
	} );

	it( 'adds a checkbox per row and one for the page, named for screen readers', () => {
		const toggled: number[] = [];
		const all: boolean[] = [];
		const checkboxes = {
			allLabel: 'Select all fruit',
			rowLabel: ( fruit: Fruit ) => `Select ${ fruit.name }`,
			isChecked: ( fruit: Fruit ) => fruit.id === 1,
			onToggle: ( fruit: Fruit ) => toggled.push( fruit.id ),
			onToggleAll: ( checked: boolean ) => all.push( checked ),
		};
		const table = render( { checkboxes } );
		const boxes = Array.from(
			table.querySelectorAll< HTMLInputElement >( 'input[type=checkbox]' )
		);
		expect(
			boxes.map( ( box ) => box.getAttribute( 'aria-label' ) )
		).toEqual( [ 'Select all fruit', 'Select Apple', 'Select Lime' ] );
		expect( boxes.map( ( box ) => box.checked ) ).toEqual( [
			false,
			true,
			false,
		] );
		// WordPress's check-column: a plain cell in the header, the row's header cell in the body.
		expect( table.querySelector( 'thead td.check-column' ) ).not.toBeNull();
		expect(
			table.querySelectorAll( 'tbody th[scope=row].check-column' )
		).toHaveLength( 2 );
		act( () => boxes[ 2 ]?.click() );
		act( () => boxes[ 0 ]?.click() );
		expect( toggled ).toEqual( [ 2 ] );
		expect( all ).toEqual( [ true ] );
		// The empty row spans the checkbox column too.
		expect(
			render( {
				rows: [],
				checkboxes,
			} ).querySelector< HTMLTableCellElement >( 'tbody td' )?.colSpan
		).toBe( 3 );
	} );
} );
