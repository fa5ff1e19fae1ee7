/**
 * What the image dialog asks before it starts a job: the prompt, the size, how many, and whether the first
 * image becomes the featured image. Sizes and counts are the image model's own (imageModelChoices()).
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
import type { ImageJobInput, ImageSize } from '../../api/types';
import { imageModelChoices } from '../capabilities';

export function ImageJobForm( {
	starting,
	onStart,
}: {
	starting: boolean;
	onStart: ( input: ImageJobInput ) => void;
} ) {
	const choices = imageModelChoices();
	const [ prompt, setPrompt ] = useState( '' );
	const [ size, setSize ] = useState< ImageSize >( choices.defaultSize );
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
				options={ choices.sizes.map( ( value ) => ( {
					value,
					label: value.replace( 'x', ' × ' ),
				} ) ) }
				onChange={ ( value ) => setSize( value as ImageSize ) }
				__nextHasNoMarginBottom
			/>
			{ choices.maxCount > 1 && (
				<SelectControl
					label={ __( 'How many', 'iacp' ) }
					value={ String( count ) }
					options={ Array.from(
						{ length: choices.maxCount },
						( _, i ) => ( {
							value: String( i + 1 ),
							label: String( i + 1 ),
						} )
					) }
					onChange={ ( value ) => setCount( Number( value ) ) }
					__nextHasNoMarginBottom
				/>
			) }
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
