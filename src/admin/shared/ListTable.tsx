/**
 * A WordPress list table (`wp-list-table`) built from columns described as data: one column header each, one row per
 * item, an optional checkbox column, and the same loading, error and empty rows on every admin screen.
 */
import { Spinner } from '@wordpress/components';
import type { ReactNode } from 'react';
import { ErrorNotice } from '../../components/ErrorNotice';

export interface ListColumn< Row > {
	/** The column header's text. */
	label: string;
	cell: ( row: Row ) => ReactNode;
	/** The class of the column's body cells. */
	className?: string;
}

/** A row's class and the data-* attribute that tests and styles find it by. */
export type ListRowAttributes = { className?: string } & {
	[ name: `data-${ string }` ]: string | number;
};

/** WordPress's check-column: one checkbox per row, and one in the header for the whole page. */
export interface ListCheckboxes< Row > {
	allLabel: string;
	rowLabel: ( row: Row ) => string;
	isChecked: ( row: Row ) => boolean;
	onToggle: ( row: Row ) => void;
	onToggleAll: ( checked: boolean ) => void;
}

export function ListTable< Row >( {
	caption,
	className,
	columns,
	rows,
	rowKey,
	rowAttributes,
	checkboxes,
	isLoading,
	error,
	emptyText,
}: {
	/** The table's name for screen readers (the caption is visually hidden). */
	caption: string;
	className: string;
	columns: Array< ListColumn< Row > >;
	rows: Row[];
	rowKey: ( row: Row ) => string | number;
	rowAttributes?: ( row: Row ) => ListRowAttributes;
	checkboxes?: ListCheckboxes< Row >;
	isLoading: boolean;
	/** Why the rows could not be loaded; shown in place of the empty row, above any rows still shown. */
	error?: unknown;
	emptyText: string;
} ) {
	const width = columns.length + ( checkboxes ? 1 : 0 );
	const allChecked =
		!! checkboxes &&
		rows.length > 0 &&
		rows.every( ( row ) => checkboxes.isChecked( row ) );
	// One cell across the table, for what stands instead of (or above) the rows.
	const wholeRow = ( content: ReactNode ) => (
		<tr>
			<td colSpan={ width }>{ content }</td>
		</tr>
	);

	return (
		<table className={ `wp-list-table widefat striped ${ className }` }>
			<caption className="screen-reader-text">{ caption }</caption>
			<thead>
				<tr>
					{ checkboxes && (
						<td className="check-column">
							<input
								type="checkbox"
								aria-label={ checkboxes.allLabel }
								checked={ allChecked }
								onChange={ () =>
									checkboxes.onToggleAll( ! allChecked )
								}
							/>
						</td>
					) }
					{ columns.map( ( column ) => (
						<th key={ column.label } scope="col">
							{ column.label }
						</th>
					) ) }
				</tr>
			</thead>
			<tbody>
				{ isLoading && wholeRow( <Spinner /> ) }
				{ !! error && wholeRow( <ErrorNotice error={ error } /> ) }
				{ ! isLoading &&
					! error &&
					rows.length === 0 &&
					wholeRow( emptyText ) }
				{ rows.map( ( row ) => (
					<tr key={ rowKey( row ) } { ...rowAttributes?.( row ) }>
						{ checkboxes && (
							<th scope="row" className="check-column">
								<input
									type="checkbox"
									aria-label={ checkboxes.rowLabel( row ) }
									checked={ checkboxes.isChecked( row ) }
									onChange={ () =>
										checkboxes.onToggle( row )
									}
								/>
							</th>
						) }
						{ columns.map( ( column ) => (
							<td
								key={ column.label }
								className={ column.className }
							>
								{ column.cell( row ) }
							</td>
						) ) }
					</tr>
				) ) }
			</tbody>
		</table>
	);
}
