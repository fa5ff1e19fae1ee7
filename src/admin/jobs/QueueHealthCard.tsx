/**
 * Queue health: a plain sentence when jobs wait and no runner comes (with how to run a worker), counts per status,
 * runner last seen, oldest pending, throughput, failure rate, and the last 24 hours hour by hour.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
	Spinner,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import {
	JOB_STATUSES,
	type JobStatus,
	type QueueHealth,
} from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { RelativeTime } from '../../components/RelativeTime';
import { useQueueHealth } from '../../hooks/useQueueHealth';
import { statusLabel } from '../../jobs/labels';
import { HourlyChart } from './HourlyChart';
import { durationWords, stallSentence } from './queueWords';
import { WorkerHelp, WORKER_HELP_ID } from './WorkerHelp';

function Warnings( {
	health,
	onShowHelp,
}: {
	health: QueueHealth;
	onShowHelp: () => void;
} ) {
	return (
		<>
			{ health.stall && (
				<Notice
					status="error"
					isDismissible={ false }
					className="iacp-health__stall"
				>
					{ stallSentence( health.stall ) }
					{ ' — ' }
					<a href={ `#${ WORKER_HELP_ID }` } onClick={ onShowHelp }>
						{ __( 'see how to run a worker', 'iacp' ) }
					</a>
					{ '.' }
				</Notice>
			) }
			{ ! health.stall && health.cron_disabled && (
				<Notice status="warning" isDismissible={ false }>
					{ __(
						'WP-Cron is disabled (DISABLE_WP_CRON). Jobs only run if a real cron job or the runner endpoint calls the queue — otherwise they wait forever.',
						'iacp'
					) }
				</Notice>
			) }
			{ ! health.stall && health.loopback_ok === false && (
				<Notice status="warning" isDismissible={ false }>
					{ __(
						'The site cannot reach itself (loopback request failed), so background jobs may start late or not at all. Ask your host to allow loopback requests or set up a server cron job.',
						'iacp'
					) }
				</Notice>
			) }
		</>
	);
}

export function QueueHealthCard( {
	onStatus,
}: {
	onStatus: ( status: JobStatus ) => void;
} ) {
	const { data: health, isLoading, error, refetch } = useQueueHealth();
	const [ helpOpen, setHelpOpen ] = useState( false );
	return (
		<Card className="iacp-health">
			<CardHeader>
				<h2>{ __( 'Queue health', 'iacp' ) }</h2>
				<Button variant="tertiary" onClick={ () => void refetch() }>
					{ __( 'Refresh', 'iacp' ) }
				</Button>
			</CardHeader>
			<CardBody>
				{ isLoading && <Spinner /> }
				{ error && <ErrorNotice error={ error } /> }
				{ health && (
					<>
						<Warnings
							health={ health }
							onShowHelp={ () => setHelpOpen( true ) }
						/>
						<ul
							className="iacp-counts"
							aria-label={ __( 'Jobs by status', 'iacp' ) }
						>
							{ JOB_STATUSES.map( ( status ) => (
								<li key={ status }>
									<Button
										variant="link"
										onClick={ () => onStatus( status ) }
									>
										<span className="iacp-counts__number">
											{ health.counts[ status ] }
										</span>{ ' ' }
										{ statusLabel( status ) }
									</Button>
								</li>
							) ) }
						</ul>
						<dl className="iacp-health__facts">
							<dt>{ __( 'Runner last seen', 'iacp' ) }</dt>
							<dd>
								{ health.last_runner_seen ? (
									<>
										<RelativeTime
											iso={ health.last_runner_seen.time }
										/>{ ' ' }
										{ `(${ health.last_runner_seen.source })` }
									</>
								) : (
									__( 'Never', 'iacp' )
								) }
							</dd>
							<dt>{ __( 'Oldest pending job', 'iacp' ) }</dt>
							<dd>
								{ health.oldest_pending_age === null
									? __( 'None waiting', 'iacp' )
									: durationWords(
											health.oldest_pending_age
										) }
							</dd>
							<dt>{ __( 'Jobs per minute', 'iacp' ) }</dt>
							<dd>{ health.jobs_per_minute.toFixed( 1 ) }</dd>
							<dt>{ __( 'Failure rate', 'iacp' ) }</dt>
							<dd>{ `${ Math.round( health.failure_rate * 100 ) } %` }</dd>
							<dt>{ __( 'Tokens today', 'iacp' ) }</dt>
							<dd>{ health.tokens_today.toLocaleString() }</dd>
						</dl>
						{ health.hourly.length > 0 && (
							<HourlyChart hourly={ health.hourly } />
						) }
						<WorkerHelp
							open={ helpOpen }
							onToggle={ setHelpOpen }
						/>
					</>
				) }
			</CardBody>
		</Card>
	);
}
