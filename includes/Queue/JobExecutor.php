<?php
/**
 * Runs one claimed job through its handler and records how it ended: completed, retried with backoff, deferred
 * (waiting for a shared limit, the attempt not counted), failed, cancelled, or nothing at all when the lease was
 * lost (the worker that took over owns the job now).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

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

	public const COMPLETED  = 'completed';
	public const FAILED     = 'failed';
	public const RETRIED    = 'retried';
	public const DEFERRED   = 'deferred';
	public const CANCELLED  = 'cancelled';
	public const LEASE_LOST = 'lease_lost';

	public function __construct(
		private readonly JobRepository $repository,
		private readonly JobTypeRegistry $types,
		private readonly QueueConfig $config,
		private readonly Backoff $backoff,
		private readonly UsageMeter $meter
	) {}

	/**
	 * @param Job $job A job this worker just claimed (status processing, lease token set).
	 * @return string One of the outcome constants.
	 */
	public function execute( Job $job ): string {
		$token   = (string) $job->lease_token;
		$handler = $this->types->get( $job->type );
		if ( null === $handler ) {
			return $this->fail( $job, 'unknown_job_type', __( 'No handler is registered for this job type.', 'iacp' ) );
		}
		$started = microtime( true );
		$context = new LeasedJobContext( $this->repository, $job, $token, $this->config->lease_seconds( $job->type ), time() + max( 1, $handler->time_limit() ) );

		try {
			$result = $this->meter->handle( $handler, $job, $context );
		} catch ( LeaseLostException $e ) {
			return self::LEASE_LOST;
		} catch ( JobCancelledException $e ) {
			return $this->cancelled( $job );
		} catch ( JobTimeoutException $e ) {
			return $this->fail(
				$job,
				'timeout',
				/* translators: %d: seconds. */
				sprintf( __( 'The job ran longer than its limit of %d seconds.', 'iacp' ), $handler->time_limit() )
			);
		} catch ( PermanentJobError $e ) {
			return $this->fail( $job, $e->error_code(), $e->getMessage(), $e->detail() );
		} catch ( DeferJob $e ) {
			return $this->defer( $job, $e->seconds(), $e->getMessage() );
		} catch ( RetryableJobError $e ) {
			return $this->retry_or_fail( $job, $e->error_code(), $e->getMessage(), $e->retry_after(), $e->detail() );
		} catch ( \Throwable $e ) {
			// Not written for users (class names, server paths): the owner gets words, managers the detail in the log.
			$detail = sprintf( '%s: %s in %s:%d', get_class( $e ), $e->getMessage(), $e->getFile(), $e->getLine() );
			return $this->retry_or_fail( $job, 'exception', __( 'The job stopped on an unexpected error. The site\'s administrators can see the details in the job log.', 'iacp' ), null, $detail );
		}

		$ok = $this->end_attempt(
			$job,
			JobStatus::COMPLETED,
			fn( array $row ): array => array(
				'result'        => (object) $result,
				'progress'      => 100,
				'finished_at'   => time(),
				'error_code'    => null,
				'error_message' => null,
				'log'           => JobLog::append( $row['log'], 'Completed.', $job->attempts, array( 'ms' => (int) round( ( microtime( true ) - $started ) * 1000 ) ) ),
			)
		);
		return $ok ? self::COMPLETED : self::LEASE_LOST;
	}

	/**
	 * Another attempt with backoff while attempts remain (and nobody asked to cancel), else failed.
	 */
	private function retry_or_fail( Job $job, string $code, string $message, ?int $retry_after, string $detail = '' ): string {
		$token = (string) $job->lease_token;
		$state = $this->repository->lease_state( $job->id, $token );
		if ( ! $state['held'] ) {
			return self::LEASE_LOST;
		}
		if ( $state['cancel_requested'] ) {
			return $this->cancelled( $job );
		}
		if ( $job->attempts >= $job->max_attempts ) {
			return $this->fail( $job, $code, $message, $detail );
		}
		$delay = $this->backoff->delay( $job->attempts, $retry_after );
		$ttl   = $this->config->pending_ttl_seconds();
		$ok    = $this->end_attempt(
			$job,
			JobStatus::PENDING,
			fn( array $row ): array => array(
				'available_at'  => time() + $delay,
				// A retry must not expire while it waits for its backoff.
				'expires_at'    => max( (int) $row['expires_at'], time() + $delay + $ttl ),
				'error_code'    => $code,
				'error_message' => $message,
				'log'           => JobLog::append(
					$row['log'],
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
		$ok = $this->end_attempt(
			$job,
			JobStatus::PENDING,
			fn( array $row ): array => array(
				'attempts'     => max( 0, (int) $row['attempts'] - 1 ),
				'available_at' => time() + $seconds,
				'expires_at'   => max( (int) $row['expires_at'], time() + $seconds + $this->config->pending_ttl_seconds() ),
				'stage'        => __( 'Waiting for the AI provider', 'iacp' ),
				'log'          => JobLog::append( $row['log'], 'Deferred: ' . $reason, $job->attempts, array( 'wait_s' => $seconds ) ),
			)
		);
		return $ok ? self::DEFERRED : self::LEASE_LOST;
	}

	private function fail( Job $job, string $code, string $message, string $detail = '' ): string {
		$ok = $this->end_attempt(
			$job,
			JobStatus::FAILED,
			fn( array $row ): array => array(
				'finished_at'   => time(),
				'error_code'    => $code,
				'error_message' => $message,
				'log'           => JobLog::append(
					$row['log'],
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
			fn( array $row ): array => array(
				'finished_at'   => time(),
				'error_code'    => 'cancelled',
				'error_message' => __( 'Cancelled while running.', 'iacp' ),
				'log'           => JobLog::append( $row['log'], 'Cancelled while running.', $job->attempts ),
			)
		);
		return $ok ? self::CANCELLED : self::LEASE_LOST;
	}

	/**
	 * Ends this worker's attempt: moves the job out of processing, but only while the lease is still this
	 * worker's, and releases the lease. False when another worker took the job over.
	 *
	 * @param callable(array<string, mixed>): array<string, mixed> $changes Columns to set, from the row as it stands.
	 */
	private function end_attempt( Job $job, string $to, callable $changes ): bool {
		return $this->repository->transition(
			$job->id,
			array( JobStatus::PROCESSING ),
			$to,
			static fn( array $row ): array => array_merge(
				array(
					'lease_token'      => null,
					'lease_expires_at' => null,
				),
				$changes( $row )
			),
			array( 'lease_token' => (string) $job->lease_token )
		);
	}
}
