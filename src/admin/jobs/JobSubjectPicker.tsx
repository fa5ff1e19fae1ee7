/**
 * A searchable picker of the people or posts that have jobs: type part of a name or title, choose from what the
 * server finds. The chosen id is named even when it no longer matches (a shared link's filter, a deleted post).
 */
import { ComboboxControl } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { useJobSubjects } from '../../hooks/useJobSubjects';

export function JobSubjectPicker( {
	kind,
	label,
	value,
	onChange,
}: {
	kind: 'users' | 'posts';
	label: string;
	/** The chosen id as a string, '' for none. */
	value: string;
	onChange: ( value: string ) => void;
} ) {
	const [ typed, setTyped ] = useState( '' );
	const [ search, setSearch ] = useState( '' );
	// Ask the server once the typing pauses.
	useEffect( () => {
		const timer = window.setTimeout( () => setSearch( typed ), 250 );
		return () => window.clearTimeout( timer );
	}, [ typed ] );
	const chosen = value !== '' ? [ Number( value ) ] : [];
	const { data } = useJobSubjects( kind, search, chosen );
	const options = ( data ?? [] ).map( ( subject ) => ( {
		value: String( subject.id ),
		label: subject.label,
	} ) );

	return (
		<ComboboxControl
			className="iacp-subject-picker"
			label={ label }
			value={ value === '' ? null : value }
			options={ options }
			onChange={ ( next ) => onChange( next ?? '' ) }
			onFilterValueChange={ setTyped }
			allowReset
			__nextHasNoMarginBottom
		/>
	);
}
