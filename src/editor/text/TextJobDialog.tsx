/**
 * The text dialog: asks what it needs (TextJobForm), starts the job, follows it, and offers the result as blocks
 * (TextResultActions). Closing it never stops the job.
 */
import { speak } from '@wordpress/a11y';
import { store as blockEditorStore } from '@wordpress/block-editor';
import { Notice } from '@wordpress/components';
import { useDispatch, useRegistry, useSelect } from '@wordpress/data';
import { store as editorStore } from '@wordpress/editor';
import { useEffect, useRef } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { errorMessage } from '../../api/errors';
import type {
	Job,
	TextJobInput,
	TextJobResult,
	TextMode,
} from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobActions } from '../../components/JobActions';
import { JobProgress } from '../../components/JobProgress';
import { useJobState } from '../../hooks/useJobState';
import { useStartJob } from '../../hooks/useJobMutations';
import { textModeLabel } from '../../jobs/labels';
import { JobDialogFrame } from '../dialog/JobDialogFrame';
import { plainTextOfBlock } from '../blocks/textResultBlocks';
import { store } from '../store';
import { useSuppressJobSnackbar } from '../useSuppressJobSnackbar';
import { modeNeedsForm, TextJobForm } from './TextJobForm';
import { TextResultActions } from './TextResultActions';

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
	const lastInput = useRef< TextJobInput | null >( null );

	const start = useStartJob();
	const { job, view, actions, loadError } = useJobState( jobId, {
		live: true,
	} );
	useSuppressJobSnackbar( jobId );

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

	// Quick actions start at once; a ref keeps a re-render from starting a second job.
	const autoStarted = useRef( false );
	useEffect( () => {
		if ( jobId || autoStarted.current || modeNeedsForm( mode ) ) {
			return;
		}
		autoStarted.current = true;
		run( { mode, text: sourceText() } as TextJobInput );
		// eslint-disable-next-line react-hooks/exhaustive-deps -- once, when the dialog opens.
	}, [] );

	const result = textResult( job );
	const onRegenerate = () => {
		const input =
			lastInput.current ??
			( job?.input as unknown as TextJobInput | undefined );
		if ( input ) {
			run( input );
		}
	};
	const finish = ( message: string ) => {
		speak( message );
		closeDialog();
	};

	const showForm = ! jobId && modeNeedsForm( mode ) && ! start.isPending;
	const jobMode = job?.input.mode;
	const shownMode =
		typeof jobMode === 'string' ? ( jobMode as TextMode ) : mode;

	return (
		<JobDialogFrame
			title={ `${ __( 'AI', 'iacp' ) }: ${ textModeLabel( shownMode ) }` }
			className="iacp-text-dialog"
			jobId={ jobId }
			job={ job }
		>
			{ showForm && (
				<TextJobForm
					mode={ mode }
					sourceText={ sourceText }
					onStart={ run }
				/>
			) }

			{ start.isPending && ! jobId && (
				<p className="iacp-job-progress">
					{ __( 'Sending…', 'iacp' ) }
				</p>
			) }

			{ start.error && <ErrorNotice error={ start.error } /> }
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
				<JobActions
					view={ view }
					actions={ actions }
					className="iacp-dialog__actions"
				>
					{ result && (
						<TextResultActions
							result={ result }
							clientId={ clientId }
							canReplace={ shownMode !== 'generate' }
							regenerating={ start.isPending }
							onRegenerate={ onRegenerate }
							onDone={ finish }
						/>
					) }
				</JobActions>
			) }
		</JobDialogFrame>
	);
}
