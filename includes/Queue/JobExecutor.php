<?php
/**
 * Runs one claimed job through its handler and records how it ended: completed, retried with backoff, deferred
 * (waiting for a shared limit, the attempt not counted), failed, cancelled, interrupted (the database went away:
 * back to pending, the attempt not counted), or nothing at all when the lease was lost (the worker that took over
 * owns the job now). When the process itself dies during the handler (memory, max_execution_time, a fatal error),
 * FatalErrorMonitor has crashed() record it from the shutdown handler.
 *
 * An outcome that cannot be stored because the database is gone is held until it returns, then stored: a job
 * whose side effects are done is never run again because of an outage.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Jobs\DatabaseUnavailable;
use IACP\Jobs\Job;
use IACP\Jobs\JobCancelledException;
use IACP\Jobs\JobLog;
use IACP\Jobs\JobRepository;
use IACP\Jobs\JobStatus;
use IACP\Jobs\JobTimeoutException;
use IACP\Jobs\JobTypeRegistry;
use IACP\Jobs\LeaseLostException;
use IACP\Jobs\PermanentJobError;
use IACP\Jobs\DeferJob;
use IACP\Jobs\RetryableJobError;
use IACP\Usage\UsageMeter;

final class JobExecutor {

	public const COMPLETED   = 'completed';
	public const FAILED      = 'failed';
	public const RETRIED     = 'retried';
	public const DEFERRED    = 'deferred';
	public const CANCELLED   = 'cancelled';
	public const LEASE_LOST  = 'lease_lost';
	public const INTERRUPTED = 'interrupted';

	/** The log message of an attempt that stopped its worker (counted for the final error). */
	public const CRASH_LOG = 'Worker stopped by the job.';

	public function __construct(
		private readonly JobRepository $repository,
		private readonly JobTypeRegistry $types,
		private readonly QueueConfig $config,
		private readonly Backoff $backoff,
		private readonly DatabaseLink $database,
		private readonly FatalErrorMonitor $monitor,
		private readonly UsageMeter $meter
	) {}

	/**
	 * @param Job           $job          A job this worker just claimed (status processing, lease token set).
	 * @param \Closure|null $on_heartbeat Called at each heartbeat of a long job (the runner keeps the jobs waiting
	 *                                    behind it alive).
	 * @return string One of the outcome constants.
	 */
	public function execute( Job $job, ?\Closure $on_heartbeat = null ): string {
		$handler = $this->types->get( $job->type );
		if ( null === $handler ) {
			return $this->settle( fn() => $this->fail( $job, 'unknown_job_type', __( 'No handler is registered for this job type.', 'iacp' ) ) );
		}
		$started  = microtime( true );
		$waiting  = null;
		$time_out = fn(): string => $this->fail(
			$job,
			'timeout',
			/* translators: %d: seconds. */
			sprintf( __( 'The job ran longer than its limit of %d seconds.', 'iacp' ), $handler->time_limit() )
		);

		try {
			$context = new LeasedJobContext( $this->repository, $job, (string) $job->lease_token, $this->config->lease_seconds( $job->type ), time() + max( 1, $handler->time_limit() ), $this->database, $on_heartbeat );
			$waiting = array( $context, 'provider_waiting' );
			add_action( 'iacp_provider_waiting', $waiting );
			$this->monitor->watch( $job, fn( string $cause, string $words, string $detail ): string => $this->crashed( $job, $cause, $words, $detail ) );
			$result = $this->meter->handle( $handler, $job, $context );
		} catch ( LeaseLostException $e ) {
			return self::LEASE_LOST;
		} catch ( DatabaseUnavailable $e ) {
			return $this->settle( fn() => $this->interrupted( $job, $e->getMessage() ) );
		} catch ( JobCancelledException $e ) {
			return $this->settle( fn() => $this->cancelled( $job ) );
		} catch ( JobTimeoutException $e ) {
			return $this->settle( $time_out );
		} catch ( PermanentJobError $e ) {
			return $this->settle( fn() => $this->fail( $job, $e->error_code(), $e->getMessage(), $e->detail() ) );
		} catch ( DeferJob $e ) {
			return $this->settle( fn() => $this->defer( $job, $e->seconds(), $e->getMessage() ) );
		} catch ( RetryableJobError $e ) {
			return $this->settle( fn() => $this->retry_or_fail( $job, $e->error_code(), $e->getMessage(), $e->retry_after(), $e->detail() ) );
		} catch ( \Throwable $e ) {
			if ( $this->database->is_down() ) {
				// A handler's query failed because the server went away: the database's fault, not the job's.
				return $this->settle( fn() => $this->interrupted( $job, $e->getMessage() ) );
			}
			// Not written for users (class names, server paths): the owner gets words, managers the detail in the log.
			$detail = sprintf( '%s: %s in %s:%d', get_class( $e ), $e->getMessage(), $e->getFile(), $e->getLine() );
			return $this->settle( fn() => $this->retry_or_fail( $job, 'exception', __( 'The job stopped on an unexpected error. The site\'s administrators can see the details in the job log.', 'iacp' ), null, $detail ) );
		} finally {
			$this->monitor->release();
			if ( null !== $waiting ) {
				remove_action( 'iacp_provider_waiting', $waiting );
			}
		}

		$ms = (int) round( ( microtime( true ) - $started ) * 1000 );
		return $this->settle(
			fn(): string => $this->end_attempt(
				$job,
				JobStatus::COMPLETED,
				array(
					'result'        => (object) $result,
					'progress'      => 100,
					'finished_at'   => time(),
					'error_code'    => null,
					'error_message' => null,
					'log'           => JobLog::line( 'Completed.', $job->attempts, array( 'ms' => $ms ) ),
				)
			) ? self::COMPLETED : self::LEASE_LOST
		);
	}

	/**
	 * Stores an outcome; while the database is gone, waits for it (as long as this run may) and stores it then.
	 *
	 * @param \Closure(): string $store Reads what it needs, writes the outcome, returns it (LEASE_LOST when nothing changed).
	 */
	private function settle( \Closure $store ): string {
		while ( true ) {
			try {
				$outcome = $store();
				if ( self::LEASE_LOST !== $outcome || ! $this->database->is_down() ) {
					return $outcome;
				}
			} catch ( DatabaseUnavailable $gone ) {
				// Same as a write that changed nothing because the connection was lost: wait, then store again.
				unset( $gone );
			}
			if ( ! $this->database->wait_until_up() ) {
				throw new DatabaseUnavailable( 'The database did not come back in time to store the job\'s outcome.' );
			}
		}
	}

	/**
	 * Back to pending at once, the attempt not counted: the database went away while the job ran.
	 */
	private function interrupted( Job $job, string $error ): string {
		$ok = $this->end_attempt(
			$job,
			JobStatus::PENDING,
			array(
				'attempts'     => max( 0, $job->attempts - 1 ),
				'available_at' => time(),
				'expires_at'   => max( $job->expires_at, time() + $this->config->pending_ttl_seconds() ),
				'log'          => JobLog::line( 'Interrupted: the database connection was lost; will run again.', $job->attempts, array( JobLog::DETAIL => mb_substr( $error, 0, 200 ) ) ),
			)
		);
		return $ok ? self::INTERRUPTED : self::LEASE_LOST;
	}

	/**
	 * A claimed job this runner cannot start after all: back to pending, the attempt not counted.
	 */
	public function give_back( Job $job, string $reason ): string {
		return $this->settle( fn() => $this->defer( $job, 1, $reason ) );
	}

	/**
	 * Records that the job stopped its worker's process (called from the shutdown handler): another attempt with
	 * backoff while attempts remain, else failed with how many times it did so.
	 *
	 * @param string $cause  FatalErrorMonitor::MEMORY, TIME, FATAL or EXIT.
	 * @param string $words  What happened, for the job's owner.
	 * @param string $detail PHP's message with file and line, for managers (the job's log).
	 */
	public function crashed( Job $job, string $cause, string $words, string $detail ): string {
		$this->meter->settle_interrupted();
		$row     = $this->repository->find( $job->id );
		$crashes = 1 + count( array_filter( null === $row ? array() : $row->log, static fn( array $entry ): bool => self::CRASH_LOG === ( $entry['message'] ?? '' ) ) );
		$this->repository->modify(
			$job->id,
			array( JobStatus::PROCESSING ),
			static fn( array $row ): array => array(
				'log' => JobLog::append(
					$row['log'],
					self::CRASH_LOG,
					$job->attempts,
					array(
						'cause'        => $cause,
						JobLog::DETAIL => mb_substr( $detail, 0, 500 ),
					)
				),
			),
			array( 'lease_token' => (string) $job->lease_token )
		);
		return $this->retry_or_fail(
			$job,
			'worker_crashed',
			/* translators: %s: what happened, e.g. "it needed more memory than PHP allows (memory_limit 64M)". */
			sprintf( __( 'The job stopped the worker running it: %s. It will run again.', 'iacp' ), $words ),
			null,
			'',
			/* translators: 1: how many times, 2: what happened the last time. */
			sprintf( _n( 'The job stopped the worker %1$d time and was given up; %2$s.', 'The job stopped the worker %1$d times and was given up; the last time %2$s.', $crashes, 'iacp' ), $crashes, $words )
		);
	}

	/**
	 * Another attempt with backoff while attempts remain (and nobody asked to cancel), else failed.
	 */
	private function retry_or_fail( Job $job, string $code, string $message, ?int $retry_after, string $detail = '', ?string $final_message = null ): string {
		$token = (string) $job->lease_token;
		$state = $this->repository->lease_state( $job->id, $token );
		if ( ! $state['held'] ) {
			return self::LEASE_LOST;
		}
		if ( $state['cancel_requested'] ) {
			return $this->cancelled( $job );
		}
		if ( $job->attempts >= $job->max_attempts ) {
			return $this->fail( $job, $code, $final_message ?? $message, $detail );
		}
		$delay     = $this->backoff->delay( $job->attempts, $retry_after );
		$available = Backoff::available_at( microtime( true ), $delay );
		$ok        = $this->end_attempt(
			$job,
			JobStatus::PENDING,
			array(
				'available_at'  => $available,
				// A retry must not expire while it waits for its backoff.
				'expires_at'    => max( $job->expires_at, $available + $this->config->pending_ttl_seconds() ),
				'error_code'    => $code,
				'error_message' => $message,
				'log'           => JobLog::line(
					'Attempt failed; will retry.',
					$job->attempts,
					array(
						'code'        => $code,
						'error'       => mb_substr( $message, 0, 500 ),
						'retry_in_s'  => $delay,
						'retry_after' => $retry_after,
					) + self::detail( $detail )
				),
			)
		);
		return $ok ? self::RETRIED : self::LEASE_LOST;
	}

	/**
	 * Back to pending for a while without counting the attempt: waiting for a shared limit is not a failure.
	 */
	private function defer( Job $job, int $seconds, string $reason ): string {
		$available = Backoff::available_at( microtime( true ), $seconds );
		$ok        = $this->end_attempt(
			$job,
			JobStatus::PENDING,
			array(
				'attempts'     => max( 0, $job->attempts - 1 ),
				'available_at' => $available,
				'expires_at'   => max( $job->expires_at, $available + $this->config->pending_ttl_seconds() ),
				'stage'        => __( 'Waiting for the AI provider', 'iacp' ),
				'log'          => JobLog::line( 'Deferred: ' . $reason, $job->attempts, array( 'wait_s' => $seconds ) ),
			)
		);
		return $ok ? self::DEFERRED : self::LEASE_LOST;
	}

	private function fail( Job $job, string $code, string $message, string $detail = '' ): string {
		$ok = $this->end_attempt(
			$job,
			JobStatus::FAILED,
			array(
				'finished_at'   => time(),
				'error_code'    => $code,
				'error_message' => $message,
				'log'           => JobLog::line(
					'Failed.',
					$job->attempts,
					array(
						'code'  => $code,
						'error' => mb_substr( $message, 0, 500 ),
					) + self::detail( $detail )
				),
			)
		);
		return $ok ? self::FAILED : self::LEASE_LOST;
	}

	/**
	 * The log's `detail` entry (shown to managers only, see JobPresenter), when there is one.
	 *
	 * @return array<string, string>
	 */
	private static function detail( string $detail ): array {
		return '' === $detail ? array() : array( JobLog::DETAIL => mb_substr( $detail, 0, 1000 ) );
	}

	private function cancelled( Job $job ): string {
		$ok = $this->end_attempt(
			$job,
			JobStatus::CANCELLED,
			array(
				'finished_at'   => time(),
				'error_code'    => 'cancelled',
				'error_message' => __( 'Cancelled while running.', 'iacp' ),
				'log'           => JobLog::line( 'Cancelled while running.', $job->attempts ),
			)
		);
		return $ok ? self::CANCELLED : self::LEASE_LOST;
	}

	/**
	 * Ends this worker's attempt in one guarded UPDATE (nothing read first): moves the job out of processing, but
	 * only while the lease is still this worker's, and releases the lease. False when another worker took it over.
	 *
	 * @param array<string, mixed> $changes Columns to set.
	 */
	private function end_attempt( Job $job, string $to, array $changes ): bool {
		return $this->repository->transition(
			$job->id,
			array( JobStatus::PROCESSING ),
			$to,
			array(
				'lease_token'      => null,
				'lease_expires_at' => null,
			) + $changes,
			array( 'lease_token' => (string) $job->lease_token )
		);
	}
}
