/**
 * What the text dialog asks before it starts a job: the prompt and length (generate), the tone (change tone) or
 * the language (translate). Other modes need nothing more than the block's text and start at once.
 */
import {
	Button,
	Flex,
	SelectControl,
	TextControl,
	TextareaControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { TextJobInput, TextLength, TextMode } from '../../api/types';
import { toneLabel } from '../../jobs/labels';

const TONES = [
	'friendly',
	'formal',
	'casual',
	'confident',
	'professional',
] as const;

/** Modes that need nothing more than the block's text start as soon as the dialog opens. */
export function modeNeedsForm( mode: TextMode ): boolean {
	return (
		mode === 'generate' || mode === 'change_tone' || mode === 'translate'
	);
}

export function TextJobForm( {
	mode,
	sourceText,
	onStart,
}: {
	mode: TextMode;
	/** The text of the block the job works on, read when the job starts. */
	sourceText: () => string;
	onStart: ( input: TextJobInput ) => void;
} ) {
	const [ prompt, setPrompt ] = useState( '' );
	const [ length, setLength ] = useState< TextLength >( 'medium' );
	const [ tone, setTone ] =
		useState< ( typeof TONES )[ number ] >( 'friendly' );
	const [ language, setLanguage ] = useState( '' );

	const ready =
		( mode === 'generate' && prompt.trim() !== '' ) ||
		( mode === 'translate' && language.trim() !== '' ) ||
		mode === 'change_tone';

	const input = (): TextJobInput => {
		switch ( mode ) {
			case 'generate':
				return { mode, prompt: prompt.trim(), length };
			case 'change_tone':
				return { mode, text: sourceText(), tone };
			case 'translate':
				return { mode, text: sourceText(), language: language.trim() };
			default:
				return { mode, text: sourceText() };
		}
	};

	return (
		<form
			className="iacp-dialog__form"
			onSubmit={ ( event ) => {
				event.preventDefault();
				if ( ready ) {
					onStart( input() );
				}
			} }
		>
			{ mode === 'generate' && (
				<>
					<TextareaControl
						label={ __( 'What should the AI write?', 'iacp' ) }
						value={ prompt }
						onChange={ setPrompt }
						rows={ 4 }
						__nextHasNoMarginBottom
					/>
					<SelectControl
						label={ __( 'Length', 'iacp' ) }
						value={ length }
						options={ [
							{ value: 'short', label: __( 'Short', 'iacp' ) },
							{ value: 'medium', label: __( 'Medium', 'iacp' ) },
							{ value: 'long', label: __( 'Long', 'iacp' ) },
						] }
						onChange={ ( value ) =>
							setLength( value as TextLength )
						}
						__nextHasNoMarginBottom
					/>
				</>
			) }
			{ mode === 'change_tone' && (
				<SelectControl
					label={ __( 'Tone', 'iacp' ) }
					value={ tone }
					options={ TONES.map( ( value ) => ( {
						value,
						label: toneLabel( value ),
					} ) ) }
					onChange={ setTone }
					__nextHasNoMarginBottom
				/>
			) }
			{ mode === 'translate' && (
				<TextControl
					label={ __( 'Translate into', 'iacp' ) }
					help={ __(
						'A language, like French or Japanese.',
						'iacp'
					) }
					value={ language }
					onChange={ setLanguage }
					__nextHasNoMarginBottom
				/>
			) }
			<Flex justify="flex-end">
				<Button
					variant="primary"
					type="submit"
					aria-disabled={ ! ready }
				>
					{ mode === 'generate'
						? __( 'Generate', 'iacp' )
						: __( 'Start', 'iacp' ) }
				</Button>
			</Flex>
		</form>
	);
}
