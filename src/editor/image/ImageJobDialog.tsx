/**
 * The image dialog: asks for the image (ImageJobForm), shows previews as soon as they exist, and puts the chosen
 * image into the block once stage two has saved it to the Media Library.
 */
import { speak } from '@wordpress/a11y';
import { store as blockEditorStore } from '@wordpress/block-editor';
import { Button } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { store as editorStore } from '@wordpress/editor';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import type { ImageJobInput, Job, JobImage } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobActions } from '../../components/JobActions';
import { JobProgress } from '../../components/JobProgress';
import { useJobState } from '../../hooks/useJobState';
import { useStartJob } from '../../hooks/useJobMutations';
import { JobDialogFrame } from '../dialog/JobDialogFrame';
import { store } from '../store';
import { useSuppressJobSnackbar } from '../useSuppressJobSnackbar';
import { ImageJobForm } from './ImageJobForm';

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
	const [ chosen, setChosen ] = useState< number | null >( null );
	const [ applyWhenSaved, setApplyWhenSaved ] = useState( false );
	const started = useRef< ImageJobInput | null >( null );

	const start = useStartJob();
	const { job, view, actions } = useJobState( jobId, { live: true } );
	useSuppressJobSnackbar( jobId );
	const images = jobImages( job );
	const input =
		( job?.input as Partial< ImageJobInput > | undefined ) ??
		started.current;
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
			alt: input?.prompt ?? '',
		} );
		if ( input?.set_featured ) {
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

	const onStart = ( request: ImageJobInput ) => {
		started.current = request;
		start.mutate(
			{
				request: {
					type: 'image',
					input: request,
					...( postId ? { post_id: postId } : {} ),
				},
			},
			{ onSuccess: ( queued ) => setDialogJob( queued.id ) }
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

	return (
		<JobDialogFrame
			title={ __( 'AI: Generate image', 'iacp' ) }
			className="iacp-image-dialog"
			jobId={ jobId }
			job={ job }
		>
			{ ! jobId && (
				<ImageJobForm
					starting={ start.isPending }
					onStart={ onStart }
				/>
			) }

			{ start.error && <ErrorNotice error={ start.error } /> }

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
				<JobActions
					view={ view }
					actions={ actions }
					className="iacp-dialog__actions"
				>
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
				</JobActions>
			) }
		</JobDialogFrame>
	);
}
