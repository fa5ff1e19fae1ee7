/**
 * One number setting as a grid cell: the one field row the number groups and the token budgets share.
 */
import { TextControl } from '@wordpress/components';

export function NumberField( {
	label,
	help,
	min,
	value,
	invalid = false,
	onChange,
}: {
	label: string;
	help?: string;
	min?: number;
	value: number | undefined;
	/** The server refused this field on the last save. */
	invalid?: boolean;
	onChange: ( value: number ) => void;
} ) {
	return (
		<TextControl
			label={ label }
			help={ help }
			type="number"
			min={ min }
			value={ String( value ?? '' ) }
			onChange={ ( next ) => onChange( Number( next ) ) }
			className={ invalid ? 'has-error' : '' }
			__nextHasNoMarginBottom
		/>
	);
}
