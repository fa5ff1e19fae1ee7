/**
 * Queue health: counts per status, runner last seen, oldest pending, throughput, failure rate, a 24-hour chart,
 * and a plain warning when WP-Cron is off or the loopback request fails.
 */
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Notice,
	Spinner,
} from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import {
	JOB_STATUSES,
	type HourlyBucket,
	type JobStatus,
	type QueueHealth,
} from '../../api/types';
import { useQueueHealth } from '../../hooks/useQueueHealth';
import { formatDuration } from '../../jobs/jobView';
import { statusLabel } from '../../jobs/labels';
import { ErrorNotice } from '../../components/ErrorNotice';

function relativeAge( iso: string, now = Date.now() ): string {
	const seconds = Math.max(
		0,
		Math.round( ( now - Date.parse( iso ) ) / 1000 )
	);
	if ( Number.isNaN( seconds ) ) {
		return iso;
	}
	return sprintf(
		/* translators: %s: a duration, like 2:05. */
		__( '%s ago', 'iacp' ),
		formatDuration( seconds )
	);
}

export function HourlyChart( { hourly }: { hourly: HourlyBucket[] } ) {
	const width = 24 * 12;
	const height = 60;
	const max = Math.max(
		1,
		...hourly.map( ( bucket ) => bucket.completed + bucket.failed )
	);
	const totalCompleted = hourly.reduce( ( sum, b ) => sum + b.completed, 0 );
	const totalFailed = hourly.reduce( ( sum, b ) => sum + b.failed, 0 );
	const summary = sprintf(
		/* translators: 1: completed jobs, 2: failed jobs. */
		__(
			'Jobs per hour over the last 24 hours: %1$d completed, %2$d failed.',
			'iacp'
		),
		totalCompleted,
		totalFailed
	);
	return (
		<figure className="iacp-chart">
			<svg
				viewBox={ `0 0 ${ width } ${ height }` }
				width="100%"
				height={ height }
				role="img"
				aria-label={ summary }
				preserveAspectRatio="none"
			>
				{ hourly.slice( -24 ).map( ( bucket, index ) => {
					const completed = ( bucket.completed / max ) * height;
					const failed = ( bucket.failed / max ) * height;
					return (
						<g key={ bucket.hour || index }>
							<title>
								{ `${ bucket.hour }: ${ bucket.completed } / ${ bucket.failed }` }
							</title>
							<rect
								x={ index * 12 + 1 }
								y={ height - completed - failed }
								width={ 10 }
								height={ failed }
								className="iacp-chart__failed"
							/>
							<rect
								x={ index * 12 + 1 }
								y={ height - completed }
								width={ 10 }
								height={ completed }
								className="iacp-chart__completed"
							/>
						</g>
					);
				} ) }
			</svg>
			<figcaption>{ summary }</figcaption>
		</figure>
	);
}

function Warnings( { health }: { health: QueueHealth } ) {
	return (
		<>
			{ health.cron_disabled && (
				<Notice status="warning" isDismissible={ false }>
					{ __(
						'WP-Cron is disabled (DISABLE_WP_CRON). Jobs only run if a real cron job or the runner endpoint calls the queue — otherwise they wait forever.',
						'iacp'
					) }
				</Notice>
			) }
			{ health.loopback_ok === false && (
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
						<Warnings health={ health } />
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
								{ health.last_runner_seen
									? `${ relativeAge(
											health.last_runner_seen.time
										) } (${ health.last_runner_seen.source })`
									: __( 'Never', 'iacp' ) }
							</dd>
							<dt>{ __( 'Oldest pending job', 'iacp' ) }</dt>
							<dd>
								{ health.oldest_pending_age === null
									? __( 'None waiting', 'iacp' )
									: formatDuration(
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
					</>
				) }
			</CardBody>
		</Card>
	);
}
