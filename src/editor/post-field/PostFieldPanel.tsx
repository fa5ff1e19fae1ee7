/**
 * The "AI" document panel: improves, in the background, each field the post type lets AI jobs refine (title,
 * excerpt, and meta fields a developer opted in; offeredPostFields()). Saves the post first, so the job
 * works on what the author sees, then reports the outcome — including when the author's newer edit was kept.
 */
import { speak } from '@wordpress/a11y';
import { Button, Notice } from '@wordpress/components';
import { useDispatch, useRegistry, useSelect } from '@wordpress/data';
import { PluginDocumentSettingPanel } from '../pluginSlots';
import { store as editorStore } from '@wordpress/editor';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import type { PostFieldJobResult, PostFieldName } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobActions } from '../../components/JobActions';
import { JobProgress } from '../../components/JobProgress';
import { IacpQueryProvider } from '../../hooks/queryClient';
import { useJobState } from '../../hooks/useJobState';
import { useStartJob } from '../../hooks/useJobMutations';
import { editorCapabilities } from '../capabilities';
import { useSuppressJobSnackbar } from '../useSuppressJobSnackbar';
import {
	fieldEdit,
	improvedNotice,
	improveLabel,
	offeredPostFields,
	type PostField,
} from './postFields';
import { refreshEditedPost } from './refreshPost';

function FieldJob( { field, jobId }: { field: PostField; jobId: string } ) {
	const registry = useRegistry();
	const { editPost } = useDispatch( editorStore );
	const { job, view, actions } = useJobState( jobId );
	useSuppressJobSnackbar( jobId );
	const refreshed = useRef( false );
	const result =
		job?.status === 'completed'
			? ( job.result as Partial< PostFieldJobResult > | null )
			: null;

	useEffect( () => {
		if ( ! job || ! result?.applied || refreshed.current ) {
			return;
		}
		refreshed.current = true;
		const postType = registry.select( editorStore ).getCurrentPostType();
		const postId =
			job.post_id ?? registry.select( editorStore ).getCurrentPostId();
		if ( postId ) {
			void refreshEditedPost( registry, postType, postId );
		}
	}, [ job, result?.applied, registry ] );

	const suggestion = result?.suggestion ?? result?.value ?? '';

	return (
		<div className="iacp-field-job" data-field={ field.field }>
			{ view.kind !== 'done' && <JobProgress view={ view } /> }
			{ result?.applied && (
				<Notice status="success" isDismissible={ false }>
					{ improvedNotice( field ) }
				</Notice>
			) }
			{ result && ! result.applied && (
				<Notice status="info" isDismissible={ false }>
					{ result.reason === 'newer_edit'
						? __( 'Kept your newer edit.', 'iacp' )
						: __( 'The suggestion was not applied.', 'iacp' ) }
					{ suggestion !== '' && (
						<>
							<p className="iacp-field-job__suggestion">
								{ suggestion }
							</p>
							<Button
								variant="link"
								onClick={ () => {
									editPost(
										fieldEdit( field.field, suggestion )
									);
									speak(
										__( 'Suggestion applied.', 'iacp' )
									);
								} }
							>
								{ __( 'Use the suggestion instead', 'iacp' ) }
							</Button>
						</>
					) }
				</Notice>
			) }
			<JobActions view={ view } actions={ actions } compact />
			<span className="screen-reader-text">{ field.label }</span>
		</div>
	);
}

function PostFieldControls() {
	const registry = useRegistry();
	const { savePost } = useDispatch( editorStore );
	const { postId, isSaving } = useSelect(
		( select ) => ( {
			postId: select( editorStore ).getCurrentPostId(),
			isSaving: select( editorStore ).isSavingPost(),
		} ),
		[]
	);
	const start = useStartJob();
	const [ jobs, setJobs ] = useState< Record< string, string > >( {} );
	const [ saveError, setSaveError ] = useState< string | null >( null );

	const improve = async ( field: PostFieldName ) => {
		setSaveError( null );
		await savePost();
		if ( ! registry.select( editorStore ).didPostSaveRequestSucceed() ) {
			setSaveError(
				__(
					'The post could not be saved, so the AI job was not started.',
					'iacp'
				)
			);
			return;
		}
		const id = registry.select( editorStore ).getCurrentPostId() ?? postId;
		if ( ! id ) {
			return;
		}
		start.mutate(
			{
				request: {
					type: 'post_field',
					input: { field, instruction: '' },
					post_id: id,
				},
			},
			{
				onSuccess: ( job ) => {
					setJobs( ( current ) => ( {
						...current,
						[ field ]: job.id,
					} ) );
					speak( __( 'AI job queued.', 'iacp' ) );
				},
			}
		);
	};

	return (
		<>
			{ offeredPostFields().map( ( field ) => (
				<div key={ field.field } className="iacp-post-field">
					<Button
						variant="secondary"
						onClick={ () => void improve( field.field ) }
						isBusy={ isSaving || start.isPending }
						aria-disabled={ isSaving || start.isPending }
					>
						{ improveLabel( field ) }
					</Button>
					{ jobs[ field.field ] && (
						<FieldJob
							field={ field }
							jobId={ jobs[ field.field ] ?? '' }
						/>
					) }
				</div>
			) ) }
			{ saveError && (
				<Notice status="error" isDismissible={ false }>
					{ saveError }
				</Notice>
			) }
			{ start.error && <ErrorNotice error={ start.error } /> }
		</>
	);
}

export function PostFieldPanel() {
	if ( ! editorCapabilities().canGenerateText ) {
		return null;
	}
	return (
		<PluginDocumentSettingPanel
			name="iacp-ai"
			title={ __( 'AI', 'iacp' ) }
			className="iacp-post-field-panel"
		>
			{ /* Slot/Fill may render this outside the plugin's React tree: bring the query client along. */ }
			<IacpQueryProvider>
				<PostFieldControls />
			</IacpQueryProvider>
		</PluginDocumentSettingPanel>
	);
}
