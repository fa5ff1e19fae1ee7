/**
 * What the image dialog asks before it starts a job: the prompt, the size, how many, and whether the first
 * image becomes the featured image.
 */
import {
	Button,
	CheckboxControl,
	Flex,
	SelectControl,
	TextareaControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import {
	IMAGE_SIZES,
	type ImageJobInput,
	type ImageSize,
} from '../../api/types';

export function ImageJobForm( {
	starting,
	onStart,
}: {
	starting: boolean;
	onStart: ( input: ImageJobInput ) => void;
} ) {
	const [ prompt, setPrompt ] = useState( '' );
	const [ size, setSize ] = useState< ImageSize >( '1024x1024' );
	const [ count, setCount ] = useState( 1 );
	const [ setFeatured, setSetFeatured ] = useState( false );

	return (
		<form
			className="iacp-dialog__form"
			onSubmit={ ( event ) => {
				event.preventDefault();
				if ( prompt.trim() !== '' && ! starting ) {
					onStart( {
						prompt: prompt.trim(),
						size,
						count,
						set_featured: setFeatured,
					} );
				}
			} }
		>
			<TextareaControl
				label={ __( 'Describe the image', 'iacp' ) }
				value={ prompt }
				onChange={ setPrompt }
				rows={ 3 }
				__nextHasNoMarginBottom
			/>
			<SelectControl
				label={ __( 'Size', 'iacp' ) }
				value={ size }
				options={ IMAGE_SIZES.map( ( value ) => ( {
					value,
					label: value.replace( 'x', ' × ' ),
				} ) ) }
				onChange={ ( value ) => setSize( value as ImageSize ) }
				__nextHasNoMarginBottom
			/>
			<SelectControl
				label={ __( 'How many', 'iacp' ) }
				value={ String( count ) }
				options={ [ 1, 2, 3, 4 ].map( ( n ) => ( {
					value: String( n ),
					label: String( n ),
				} ) ) }
				onChange={ ( value ) => setCount( Number( value ) ) }
				__nextHasNoMarginBottom
			/>
			<CheckboxControl
				label={ __( 'Set as featured image', 'iacp' ) }
				checked={ setFeatured }
				onChange={ setSetFeatured }
				__nextHasNoMarginBottom
			/>
			<Flex justify="flex-end">
				<Button
					variant="primary"
					type="submit"
					isBusy={ starting }
					aria-disabled={ prompt.trim() === '' || starting }
				>
					{ __( 'Generate', 'iacp' ) }
				</Button>
			</Flex>
		</form>
	);
}
