/**
 * The image dialog: prompt, size, count, featured image; previews as soon as they exist; the chosen image goes
 * into the block once stage two has saved it to the Media Library.
 */
import { speak } from '@wordpress/a11y';
import { store as blockEditorStore } from '@wordpress/block-editor';
import {
	Button,
	CheckboxControl,
	Flex,
	Modal,
	SelectControl,
	TextareaControl,
} from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { store as editorStore } from '@wordpress/editor';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import {
	IMAGE_SIZES,
	type ImageJobInput,
	type ImageSize,
	type Job,
	type JobImage,
} from '../../api/types';
import { JobProgress, useJobView } from '../../components/JobProgress';
import { useJob } from '../../hooks/useJob';
import {
	useCancelJob,
	useRetryJob,
	useStartJob,
} from '../../hooks/useJobMutations';
import { store } from '../store';
import { useWatchJob } from '../useWatchJob';
import { ErrorNotice } from '../../components/ErrorNotice';

/** Images from the result once done, from the checkpoint while running. */
export function jobImages( job: Job | undefined ): JobImage[] {
	const source = job?.result ?? job?.checkpoint ?? null;
	const images = source?.images;
	return Array.isArray( images ) ? ( images as JobImage[] ) : [];
}

export function savedImage( image: JobImage | undefined ) {
	return image &&
		typeof image.attachment_id === 'number' &&
		image.attachment_id > 0 &&
		typeof image.url === 'string' &&
		image.url !== ''
		? { id: image.attachment_id, url: image.url }
		: null;
}

export function ImageJobDialog( {
	clientId,
	jobId,
}: {
	clientId: string;
	jobId: string | null;
} ) {
	const { closeDialog, setDialogJob } = useDispatch( store );
	const { updateBlockAttributes } = useDispatch( blockEditorStore );
	const { editPost } = useDispatch( editorStore );
	const postId = useSelect(
		( select ) => select( editorStore ).getCurrentPostId(),
		[]
	);
	const [ prompt, setPrompt ] = useState( '' );
	const [ size, setSize ] = useState< ImageSize >( '1024x1024' );
	const [ count, setCount ] = useState( 1 );
	const [ setFeatured, setSetFeatured ] = useState( false );
	const [ chosen, setChosen ] = useState< number | null >( null );
	const [ applyWhenSaved, setApplyWhenSaved ] = useState( false );

	const start = useStartJob();
	const cancel = useCancelJob();
	const retry = useRetryJob();
	const { job } = useJob( jobId, { live: true } );
	useWatchJob( jobId );
	const view = useJobView( job );
	const images = jobImages( job );
	const input = job?.input as Partial< ImageJobInput > | undefined;
	const chosenImage = images.find( ( image ) => image.index === chosen );
	const saved = savedImage( chosenImage );

	// A single image needs no choosing.
	useEffect( () => {
		if ( chosen === null && images.length === 1 && images[ 0 ] ) {
			setChosen( images[ 0 ].index );
		}
	}, [ chosen, images ] );

	const apply = ( attachment: { id: number; url: string } ) => {
		updateBlockAttributes( clientId, {
			id: attachment.id,
			url: attachment.url,
			alt: input?.prompt ?? prompt,
		} );
		if ( input?.set_featured ?? setFeatured ) {
			editPost( { featured_media: attachment.id } );
		}
		speak( __( 'AI image added to the block.', 'iacp' ) );
		closeDialog();
	};

	useEffect( () => {
		if ( applyWhenSaved && saved ) {
			setApplyWhenSaved( false );
			apply( saved );
		}
		// eslint-disable-next-line react-hooks/exhaustive-deps -- apply once the attachment exists.
	}, [ applyWhenSaved, saved?.id ] );

	const onStart = () => {
		start.mutate(
			{
				request: {
					type: 'image',
					input: {
						prompt: prompt.trim(),
						size,
						count,
						set_featured: setFeatured,
					},
					...( postId ? { post_id: postId } : {} ),
				},
			},
			{ onSuccess: ( started ) => setDialogJob( started.id ) }
		);
	};

	const onUse = () => {
		if ( saved ) {
			apply( saved );
		} else {
			setApplyWhenSaved( true );
			speak( __( 'Saving to Media Library…', 'iacp' ) );
		}
	};

	const mutationError = start.error ?? retry.error ?? cancel.error;

	return (
		<Modal
			title={ __( 'AI: Generate image', 'iacp' ) }
			onRequestClose={ closeDialog }
			className="iacp-dialog iacp-image-dialog"
			size="medium"
		>
			{ ! jobId && (
				<form
					className="iacp-dialog__form"
					onSubmit={ ( event ) => {
						event.preventDefault();
						if ( prompt.trim() !== '' && ! start.isPending ) {
							onStart();
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
							isBusy={ start.isPending }
							aria-disabled={
								prompt.trim() === '' || start.isPending
							}
						>
							{ __( 'Generate', 'iacp' ) }
						</Button>
					</Flex>
				</form>
			) }

			{ mutationError && <ErrorNotice error={ mutationError } /> }

			{ jobId && (
				<div className="iacp-dialog__job" aria-live="polite">
					<JobProgress view={ view } showPartial={ false } />
				</div>
			) }

			{ images.length > 0 && (
				<div
					className="iacp-image-choices"
					role="group"
					aria-label={ __( 'Generated images', 'iacp' ) }
				>
					{ images.map( ( image ) => (
						<button
							type="button"
							key={ image.index }
							className="iacp-image-choice"
							aria-pressed={ chosen === image.index }
							disabled={ ! image.preview_url && ! image.url }
							onClick={ () => setChosen( image.index ) }
						>
							{ image.preview_url || image.url ? (
								<img
									src={ image.url ?? image.preview_url ?? '' }
									alt={ sprintf(
										/* translators: %d: image number. */
										__( 'Generated image %d', 'iacp' ),
										image.index + 1
									) }
								/>
							) : (
								<span>
									{ sprintf(
										/* translators: %d: image number. */
										__( 'Image %d is on its way…', 'iacp' ),
										image.index + 1
									) }
								</span>
							) }
						</button>
					) ) }
				</div>
			) }

			{ applyWhenSaved && ! saved && (
				<p className="iacp-job-progress" role="status">
					{ __( 'Saving to Media Library…', 'iacp' ) }
				</p>
			) }

			{ jobId && (
				<Flex className="iacp-dialog__actions" justify="flex-end" wrap>
					{ chosenImage &&
						view.kind !== 'failed' &&
						view.kind !== 'cancelled' && (
							<Button
								variant="primary"
								onClick={ onUse }
								isBusy={ applyWhenSaved }
								aria-disabled={ applyWhenSaved }
							>
								{ __( 'Use this image', 'iacp' ) }
							</Button>
						) }
					{ view.canRetry && (
						<Button
							variant="primary"
							onClick={ () =>
								job &&
								retry.mutate( job.id, {
									onSuccess: ( retried ) =>
										setDialogJob( retried.id ),
								} )
							}
						>
							{ __( 'Retry', 'iacp' ) }
						</Button>
					) }
					{ view.canCancel && (
						<Button
							variant="secondary"
							isDestructive
							onClick={ () => job && cancel.mutate( job.id ) }
						>
							{ __( 'Cancel job', 'iacp' ) }
						</Button>
					) }
				</Flex>
			) }
		</Modal>
	);
}
