/**
 * One job in full: input, result preview, error, attempts, tokens and log, with its actions.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Spinner,
} from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import type { Job, JobImage } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { JobActions } from '../../components/JobActions';
import { JobProgress } from '../../components/JobProgress';
import { useJobState } from '../../hooks/useJobState';
import { jobTitle, statusLabel } from '../../jobs/labels';

function ResultPreview( { job }: { job: Job } ) {
	const result = job.result ?? job.checkpoint;
	// A job that ended before producing anything has no result section at all.
	if ( ! result || Object.keys( result ).length === 0 ) {
		return null;
	}
	return (
		<>
			<h3>{ __( 'Result', 'iacp' ) }</h3>
			<ResultBody result={ result } />
		</>
	);
}

function ResultBody( { result }: { result: NonNullable< Job[ 'result' ] > } ) {
	if ( typeof result.text === 'string' ) {
		return <div className="iacp-detail__text">{ result.text }</div>;
	}
	if ( Array.isArray( result.images ) ) {
		return (
			<div className="iacp-detail__images">
				{ ( result.images as JobImage[] ).map( ( image ) => {
					const src = image.url ?? image.preview_url;
					return src ? (
						<img
							key={ image.index }
							src={ src }
							alt={ sprintf(
								/* translators: %d: image number. */
								__( 'Generated image %d', 'iacp' ),
								image.index + 1
							) }
						/>
					) : null;
				} ) }
			</div>
		);
	}
	return <pre>{ JSON.stringify( result, null, 2 ) }</pre>;
}

export function JobDetail( {
	id,
	onClose,
}: {
	id: string;
	onClose: () => void;
} ) {
	const { job, view, actions, isLoading, loadError } = useJobState( id, {
		onRemoved: onClose,
	} );

	return (
		<Card
			className="iacp-detail"
			role="region"
			aria-label={ __( 'Job details', 'iacp' ) }
		>
			<CardHeader>
				<h2>{ job ? jobTitle( job ) : __( 'Job', 'iacp' ) }</h2>
				<Button variant="tertiary" onClick={ onClose }>
					{ __( 'Close details', 'iacp' ) }
				</Button>
			</CardHeader>
			<CardBody>
				{ isLoading && <Spinner /> }
				{ loadError && <ErrorNotice error={ loadError } /> }
				{ job && (
					<>
						<JobProgress view={ view } />
						<dl className="iacp-detail__facts">
							<dt>{ __( 'ID', 'iacp' ) }</dt>
							<dd>
								<code>{ job.id }</code>
							</dd>
							<dt>{ __( 'Status', 'iacp' ) }</dt>
							<dd>{ statusLabel( job.status ) }</dd>
							<dt>{ __( 'Attempts', 'iacp' ) }</dt>
							<dd>{ `${ job.attempts } / ${ job.max_attempts }` }</dd>
							<dt>{ __( 'Tokens', 'iacp' ) }</dt>
							<dd>{ job.tokens?.total ?? 0 }</dd>
							<dt>{ __( 'Created', 'iacp' ) }</dt>
							<dd>{ job.created_at ?? '—' }</dd>
							<dt>{ __( 'Finished', 'iacp' ) }</dt>
							<dd>{ job.finished_at ?? '—' }</dd>
						</dl>
						<h3>{ __( 'Input', 'iacp' ) }</h3>
						<pre className="iacp-detail__json">
							{ JSON.stringify( job.input, null, 2 ) }
						</pre>
						<ResultPreview job={ job } />
						{ job.error && (
							<>
								<h3>{ __( 'Error', 'iacp' ) }</h3>
								<p>
									<code>{ job.error.code }</code>{ ' ' }
									{ job.error.message }
								</p>
							</>
						) }
						{ ( job.log ?? [] ).length > 0 && (
							<>
								<h3>{ __( 'Log', 'iacp' ) }</h3>
								<ol className="iacp-detail__log">
									{ ( job.log ?? [] ).map(
										( entry, index ) => (
											<li key={ index }>
												<time>{ entry.time }</time>{ ' ' }
												{ sprintf(
													/* translators: 1: attempt number, 2: log message. */
													__(
														'attempt %1$d: %2$s',
														'iacp'
													),
													entry.attempt,
													entry.message
												) }
											</li>
										)
									) }
								</ol>
							</>
						) }
						<JobActions
							view={ view }
							actions={ actions }
							compact
							withDelete
						/>
					</>
				) }
			</CardBody>
		</Card>
	);
}
