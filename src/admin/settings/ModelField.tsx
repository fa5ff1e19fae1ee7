/**
 * A model name field that offers the models the provider lists (GET /models) and still takes any typed name,
 * for endpoints that list none: a text input with a datalist.
 */
import { TextControl } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

export function ModelField( {
	id,
	label,
	value,
	models,
	listError,
	onChange,
}: {
	id: string;
	label: string;
	value: string;
	/** What the provider lists; empty: free entry only. */
	models: string[];
	/** Why the provider listed nothing, when it could not be asked. */
	listError: string | null;
	onChange: ( value: string ) => void;
} ) {
	const listId = `${ id }-models`;
	let help: string;
	if ( models.length > 0 ) {
		help = sprintf(
			/* translators: %d: number of models. */
			_n(
				'The provider lists %d model: choose it, or type another name.',
				'Choose one of the %d models the provider lists, or type another name.',
				models.length,
				'iacp'
			),
			models.length
		);
	} else if ( listError ) {
		help = sprintf(
			/* translators: %s: why the models could not be listed. */
			__( 'The provider listed no models (%s): type the name.', 'iacp' ),
			listError
		);
	} else {
		help = __( 'Type the model name the provider expects.', 'iacp' );
	}
	return (
		<div className="iacp-model-field">
			<TextControl
				id={ id }
				label={ label }
				help={ help }
				value={ value }
				list={ models.length > 0 ? listId : undefined }
				autoComplete="off"
				onChange={ onChange }
				__nextHasNoMarginBottom
			/>
			{ models.length > 0 && (
				<datalist id={ listId }>
					{ models.map( ( model ) => (
						<option key={ model } value={ model } />
					) ) }
				</datalist>
			) }
		</div>
	);
}
