/**
 * The text dialog: asks what it needs (prompt, tone, language), starts the job, follows it, and offers the
 * result as blocks (insert below / replace), to copy, or to regenerate. Closing it never stops the job.
 */
import { speak } from '@wordpress/a11y';
import { store as blockEditorStore } from '@wordpress/block-editor';
import {
	Button,
	Flex,
	Modal,
	Notice,
	SelectControl,
	TextControl,
	TextareaControl,
} from '@wordpress/components';
import { useDispatch, useRegistry, useSelect } from '@wordpress/data';
import { store as editorStore } from '@wordpress/editor';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { errorMessage } from '../../api/errors';
import type {
	Job,
	TextJobInput,
	TextJobResult,
	TextLength,
	TextMode,
} from '../../api/types';
import { JobProgress, useJobView } from '../../components/JobProgress';
import { useJob } from '../../hooks/useJob';
import {
	useCancelJob,
	useRetryJob,
	useStartJob,
} from '../../hooks/useJobMutations';
import { textModeLabel } from '../../jobs/labels';
import {
	blocksFromTextResult,
	plainTextOfBlock,
} from '../blocks/textResultBlocks';
import { useBlockInsertion } from '../blocks/useBlockInsertion';
import { store } from '../store';
import { useWatchJob } from '../useWatchJob';
import { ErrorNotice } from '../../components/ErrorNotice';

const TONES = [
	'friendly',
	'formal',
	'casual',
	'confident',
	'professional',
] as const;

function toneLabel( tone: string ): string {
	switch ( tone ) {
		case 'friendly':
			return __( 'Friendly', 'iacp' );
		case 'formal':
			return __( 'Formal', 'iacp' );
		case 'casual':
			return __( 'Casual', 'iacp' );
		case 'confident':
			return __( 'Confident', 'iacp' );
		case 'professional':
			return __( 'Professional', 'iacp' );
		default:
			return tone;
	}
}

/** Modes that need nothing more than the block's text start as soon as the dialog opens. */
export function modeNeedsForm( mode: TextMode ): boolean {
	return (
		mode === 'generate' || mode === 'change_tone' || mode === 'translate'
	);
}

function textResult( job: Job | undefined ): Partial< TextJobResult > | null {
	return job?.status === 'completed' && job.result
		? ( job.result as Partial< TextJobResult > )
		: null;
}

export function TextJobDialog( {
	mode,
	clientId,
	jobId,
}: {
	mode: TextMode;
	clientId: string | null;
	jobId: string | null;
} ) {
	const registry = useRegistry();
	const { closeDialog, setDialogJob } = useDispatch( store );
	const postId = useSelect(
		( select ) => select( editorStore ).getCurrentPostId(),
		[]
	);
	const [ prompt, setPrompt ] = useState( '' );
	const [ length, setLength ] = useState< TextLength >( 'medium' );
	const [ tone, setTone ] =
		useState< ( typeof TONES )[ number ] >( 'friendly' );
	const [ language, setLanguage ] = useState( '' );
	const lastInput = useRef< TextJobInput | null >( null );

	const start = useStartJob();
	const cancel = useCancelJob();
	const retry = useRetryJob();
	const { job, error: loadError } = useJob( jobId, { live: true } );
	useWatchJob( jobId );
	const view = useJobView( job );
	const { insertAfter, replace } = useBlockInsertion();

	const sourceText = (): string => {
		if ( ! clientId ) {
			return '';
		}
		const block = registry.select( blockEditorStore ).getBlock( clientId );
		return block ? plainTextOfBlock( block ) : '';
	};

	const run = ( input: TextJobInput ) => {
		lastInput.current = input;
		start.mutate(
			{
				request: {
					type: 'text',
					input,
					...( postId ? { post_id: postId } : {} ),
				},
			},
			{ onSuccess: ( started ) => setDialogJob( started.id ) }
		);
	};

	const buildInput = (): TextJobInput => {
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

	// Quick actions start at once; a ref keeps a re-render from starting a second job.
	const autoStarted = useRef( false );
	useEffect( () => {
		if ( jobId || autoStarted.current || modeNeedsForm( mode ) ) {
			return;
		}
		autoStarted.current = true;
		run( buildInput() );
		// eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the dialog opens.
	}, [] );

	const result = textResult( job );
	const resultBlocks = () => blocksFromTextResult( result );
	const formReady =
		( mode === 'generate' && prompt.trim() !== '' ) ||
		( mode === 'translate' && language.trim() !== '' ) ||
		mode === 'change_tone';

	const finish = ( message: string ) => {
		speak( message );
		closeDialog();
	};

	const onInsertBelow = () => {
		insertAfter( clientId, resultBlocks() );
		finish( __( 'AI text inserted.', 'iacp' ) );
	};
	const onReplace = () => {
		if ( clientId ) {
			replace( clientId, resultBlocks() );
			finish( __( 'Block replaced with AI text.', 'iacp' ) );
		}
	};
	const onCopy = async () => {
		try {
			await window.navigator.clipboard.writeText( result?.text ?? '' );
			speak( __( 'Copied to the clipboard.', 'iacp' ) );
		} catch {
			speak(
				__( 'Could not copy to the clipboard.', 'iacp' ),
				'assertive'
			);
		}
	};
	const onRegenerate = () => {
		const input =
			lastInput.current ??
			( job?.input as unknown as TextJobInput | undefined );
		if ( input ) {
			run( input );
		}
	};
	const onRetry = () => {
		if ( job ) {
			retry.mutate( job.id, {
				onSuccess: ( retried ) => setDialogJob( retried.id ),
			} );
		}
	};

	const showForm = ! jobId && modeNeedsForm( mode ) && ! start.isPending;
	const mutationError = start.error ?? retry.error ?? cancel.error;

	const jobMode = job?.input.mode;
	const shownMode =
		typeof jobMode === 'string' ? ( jobMode as TextMode ) : mode;

	return (
		<Modal
			title={ dialogTitle( shownMode ) }
			onRequestClose={ closeDialog }
			className="iacp-dialog iacp-text-dialog"
			size="medium"
		>
			{ showForm && (
				<form
					className="iacp-dialog__form"
					onSubmit={ ( event ) => {
						event.preventDefault();
						if ( formReady ) {
							run( buildInput() );
						}
					} }
				>
					{ mode === 'generate' && (
						<>
							<TextareaControl
								label={ __(
									'What should the AI write?',
									'iacp'
								) }
								value={ prompt }
								onChange={ setPrompt }
								rows={ 4 }
								__nextHasNoMarginBottom
							/>
							<SelectControl
								label={ __( 'Length', 'iacp' ) }
								value={ length }
								options={ [
									{
										value: 'short',
										label: __( 'Short', 'iacp' ),
									},
									{
										value: 'medium',
										label: __( 'Medium', 'iacp' ),
									},
									{
										value: 'long',
										label: __( 'Long', 'iacp' ),
									},
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
							aria-disabled={ ! formReady }
						>
							{ mode === 'generate'
								? __( 'Generate', 'iacp' )
								: __( 'Start', 'iacp' ) }
						</Button>
					</Flex>
				</form>
			) }

			{ start.isPending && ! jobId && (
				<p className="iacp-job-progress">
					{ __( 'Sending…', 'iacp' ) }
				</p>
			) }

			{ mutationError && <ErrorNotice error={ mutationError } /> }
			{ loadError && (
				<Notice status="warning" isDismissible={ false }>
					{ errorMessage( loadError ) }
				</Notice>
			) }

			{ jobId && (
				<div className="iacp-dialog__job" aria-live="polite">
					<JobProgress view={ view } />
				</div>
			) }

			{ result && (
				<div
					className="iacp-dialog__result"
					aria-label={ __( 'Result preview', 'iacp' ) }
					role="region"
				>
					{ result.text }
				</div>
			) }

			{ jobId && (
				<Flex className="iacp-dialog__actions" justify="flex-end" wrap>
					{ result && (
						<>
							<Button variant="primary" onClick={ onInsertBelow }>
								{ clientId
									? __( 'Insert below', 'iacp' )
									: __( 'Insert', 'iacp' ) }
							</Button>
							{ clientId && shownMode !== 'generate' && (
								<Button
									variant="secondary"
									onClick={ onReplace }
								>
									{ __( 'Replace', 'iacp' ) }
								</Button>
							) }
							<Button variant="tertiary" onClick={ onCopy }>
								{ __( 'Copy', 'iacp' ) }
							</Button>
							<Button
								variant="tertiary"
								onClick={ onRegenerate }
								isBusy={ start.isPending }
							>
								{ __( 'Regenerate', 'iacp' ) }
							</Button>
						</>
					) }
					{ view.canRetry && (
						<Button
							variant="primary"
							onClick={ onRetry }
							isBusy={ retry.isPending }
						>
							{ __( 'Retry', 'iacp' ) }
						</Button>
					) }
					{ view.canCancel && (
						<Button
							variant="secondary"
							isDestructive
							onClick={ () => job && cancel.mutate( job.id ) }
							isBusy={ cancel.isPending }
						>
							{ __( 'Cancel job', 'iacp' ) }
						</Button>
					) }
				</Flex>
			) }
		</Modal>
	);
}

function dialogTitle( mode: TextMode ): string {
	return `${ __( 'AI', 'iacp' ) }: ${ textModeLabel( mode ) }`;
}
