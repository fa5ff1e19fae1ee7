/**
 * A list's filter: "All …" (the empty value) or one of its values, each in words.
 */
import { SelectControl } from '@wordpress/components';

export function FilterSelect< T extends string >( {
	label,
	allLabel,
	value,
	values,
	labelOf,
	onChange,
}: {
	label: string;
	/** The choice that filters nothing, e.g. "All statuses". */
	allLabel: string;
	value: T | '';
	values: readonly T[];
	labelOf: ( value: T ) => string;
	onChange: ( value: T | '' ) => void;
} ) {
	return (
		<SelectControl< T | '' >
			__nextHasNoMarginBottom
			label={ label }
			value={ value }
			options={ [
				{ value: '', label: allLabel },
				...values.map( ( each ) => ( {
					value: each,
					label: labelOf( each ),
				} ) ),
			] }
			onChange={ onChange }
		/>
	);
}
