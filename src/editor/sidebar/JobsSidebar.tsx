/**
 * The "AI jobs" sidebar: this post's jobs with their status and progress, and what can be done with each.
 */
import { speak } from '@wordpress/a11y';
import { Button, PanelBody, Spinner } from '@wordpress/components';
import { useDispatch, useSelect } from '@wordpress/data';
import { PluginSidebar, PluginSidebarMoreMenuItem } from '../pluginSlots';
import { store as editorStore } from '@wordpress/editor';
import { __, sprintf } from '@wordpress/i18n';
import type { Job, TextJobResult, TextMode } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobActions } from '../../components/JobActions';
import { JobStatusBadge } from '../../components/JobStatusBadge';
import { ProgressBar } from '../../components/ProgressBar';
import { IacpQueryProvider } from '../../hooks/queryClient';
import { useJobs } from '../../hooks/useJobs';
import { useJobState } from '../../hooks/useJobState';
import { isFinalStatus } from '../../hooks/pollInterval';
import { errorHelp } from '../../jobs/errorHelp';
import { jobTitle } from '../../jobs/labels';
import { blocksFromTextResult } from '../blocks/textResultBlocks';
import { useBlockInsertion } from '../blocks/useBlockInsertion';
import { editorCapabilities } from '../capabilities';
import { aiIcon } from '../icon';
import { store, type AiDialog } from '../store';
import { postJobFilters, SIDEBAR_NAME } from './postJobs';

function timeText( iso: string | null ): string {
	if ( ! iso ) {
		return '';
	}
	const date = new Date( iso );
	return Number.isNaN( date.getTime() ) ? '' : date.toLocaleTimeString();
}

/**
 * The dialog that shows a job again: the one it was started from in this editor session (its block and action,
 * so Insert below and Replace still work), else a text job's dialog that inserts at the end of the post.
 */
function useReopenDialog( job: Job ): AiDialog | null {
	const origin = useSelect(
		( select ) => select( store ).getJobDialog( job.id ),
		[ job.id ]
	);
	if ( origin ) {
		return { ...origin, jobId: job.id };
	}
	if ( job.type !== 'text' ) {
		return null;
	}
	const mode = job.input.mode;
	return {
		kind: 'text',
		mode: typeof mode === 'string' ? ( mode as TextMode ) : 'rewrite',
		clientId: null,
		jobId: job.id,
	};
}

function JobItem( { job }: { job: Job } ) {
	const { openDialog } = useDispatch( store );
	const reopen = useReopenDialog( job );
	const { view, actions } = useJobState( job );
	const { insertAfter } = useBlockInsertion();
	const active = ! isFinalStatus( job.status );
	const textDone =
		job.type === 'text' && job.status === 'completed' && job.result;

	return (
		<li className="iacp-sidebar-job" data-job-id={ job.id }>
			<div className="iacp-sidebar-job__head">
				<strong>{ jobTitle( job ) }</strong>
				<JobStatusBadge status={ job.status } />
			</div>
			<div className="iacp-sidebar-job__meta">
				{ timeText( job.created_at ) }
			</div>
			{ active && (
				<ProgressBar
					value={ job.progress }
					label={ sprintf(
						/* translators: %s: job title. */
						__( 'Progress of %s', 'iacp' ),
						jobTitle( job )
					) }
				/>
			) }
			{ job.status === 'failed' && (
				<p className="iacp-sidebar-job__error">
					{
						errorHelp(
							job.error?.code ?? null,
							job.error?.message ?? null,
							'author'
						).what
					}
				</p>
			) }
			{ textDone && (
				<p className="iacp-sidebar-job__preview">
					{ String(
						( job.result as Partial< TextJobResult > ).text ?? ''
					).slice( 0, 160 ) }
				</p>
			) }
			<JobActions view={ view } actions={ actions } compact>
				{ textDone && (
					<Button
						variant="secondary"
						size="compact"
						onClick={ () => {
							insertAfter(
								null,
								blocksFromTextResult(
									job.result as Partial< TextJobResult >
								)
							);
							speak( __( 'AI text inserted.', 'iacp' ) );
						} }
					>
						{ __( 'Insert', 'iacp' ) }
					</Button>
				) }
				{ reopen && (
					<Button
						variant="tertiary"
						size="compact"
						onClick={ () => openDialog( reopen ) }
					>
						{ __( 'Open', 'iacp' ) }
					</Button>
				) }
			</JobActions>
		</li>
	);
}

function JobsList( { postId }: { postId: number } ) {
	const { data, isLoading, error } = useJobs( postJobFilters( postId ) );
	if ( isLoading ) {
		return <Spinner />;
	}
	if ( error ) {
		return <ErrorNotice error={ error } />;
	}
	const jobs = data?.jobs ?? [];
	if ( jobs.length === 0 ) {
		return <p>{ __( 'No AI jobs for this post yet.', 'iacp' ) }</p>;
	}
	return (
		<ul
			className="iacp-sidebar-jobs"
			aria-label={ __( 'AI jobs', 'iacp' ) }
		>
			{ jobs.map( ( job ) => (
				<JobItem key={ job.id } job={ job } />
			) ) }
		</ul>
	);
}

export function JobsSidebar() {
	const { openDialog } = useDispatch( store );
	const postId = useSelect(
		( select ) => select( editorStore ).getCurrentPostId(),
		[]
	);
	const { canGenerateText } = editorCapabilities();
	if ( ! canGenerateText && ! editorCapabilities().canGenerateImages ) {
		return null;
	}
	return (
		<>
			<PluginSidebarMoreMenuItem target={ SIDEBAR_NAME } icon={ aiIcon }>
				{ __( 'AI jobs', 'iacp' ) }
			</PluginSidebarMoreMenuItem>
			<PluginSidebar
				name={ SIDEBAR_NAME }
				title={ __( 'AI jobs', 'iacp' ) }
				icon={ aiIcon }
				className="iacp-sidebar"
			>
				{ /* Slot/Fill may render this outside the plugin's React tree: bring the query client along. */ }
				<IacpQueryProvider>
					<PanelBody>
						{ canGenerateText && (
							<Button
								variant="primary"
								onClick={ () =>
									openDialog( {
										kind: 'text',
										mode: 'generate',
										clientId: null,
										jobId: null,
									} )
								}
							>
								{ __( 'Generate text', 'iacp' ) }
							</Button>
						) }
					</PanelBody>
					<PanelBody title={ __( 'This post’s jobs', 'iacp' ) }>
						{ postId ? (
							<JobsList postId={ postId } />
						) : (
							<p>
								{ __(
									'Save the post to see its jobs.',
									'iacp'
								) }
							</p>
						) }
					</PanelBody>
				</IacpQueryProvider>
			</PluginSidebar>
		</>
	);
}
