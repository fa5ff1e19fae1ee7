<?php
/**
 * What callers do with jobs: enqueue, find, cancel, retry, delete. Workers use the Runner instead.
 *
 * enqueue() is the one door every caller (REST, the PHP API, WP-CLI, abilities) comes through: it decides the
 * job type, the options, idempotency, who may (the caller's $admit rule), text length and input validity, in that
 * order, and stores nothing it refused. A start (enqueue or retry) holds the user's EnqueueLock from the admission
 * check to the stored row, and writes a `start` row to the usage ledger in the same step.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

use IACP\Queue\InstantKick;
use IACP\Queue\QueueConfig;
use IACP\Usage\UsageLedger;

final class JobQueue {

	/** Compare-and-set rounds for a user's cancel against a worker that keeps writing. */
	private const RACE_RETRIES = 5;

	public function __construct(
		private readonly JobRepository $repository,
		private readonly JobTypeRegistry $types,
		private readonly JobInputValidator $validator,
		private readonly QueueConfig $config,
		private readonly InstantKick $kick,
		private readonly UsageLedger $ledger,
		private readonly EnqueueLock $lock
	) {}

	/**
	 * Validates and stores a job, then kicks a runner. With an idempotency key the user already used, the job that
	 * key started is returned as it is (created: false) once $admit allows it with that job as third argument: the
	 * rule checks who may see it started again, not the limits — a resent request gets its job back even when its
	 * sender is now over a limit.
	 *
	 * @param array<string, mixed>                                             $input   Input for the type's schema.
	 * @param array<string, mixed>                                             $options user_id, post_id, priority (−100…100, default 10, lower first),
	 *                                                                                  delay (s), max_attempts (1–20), ttl (s), idempotency_key (≤ 191 chars).
	 * @param (callable(string, EnqueueOptions, ?Job=): (true|\WP_Error))|null $admit   The caller's own rule for who may start this job now
	 *                                                                                  (REST: Security\JobAdmission — the type's capability,
	 *                                                                                  the post, per-user limits).
	 */
	public function enqueue( string $type, array $input, array $options = array(), ?callable $admit = null ): EnqueueResult|\WP_Error {
		$handler = $this->types->get( $type );
		if ( null === $handler ) {
			return new \WP_Error(
				'iacp_unknown_job_type',
				/* translators: %s: job type. */
				sprintf( __( 'Unknown job type: %s.', 'iacp' ), $type ),
				array(
					'status' => 400,
					'field'  => 'type',
				)
			);
		}
		$default_attempts = $handler->default_max_attempts() > 0 ? $handler->default_max_attempts() : $this->config->default_max_attempts();
		$options          = EnqueueOptions::from_array( $options, $default_attempts, $this->config->pending_ttl_seconds() );
		if ( is_wp_error( $options ) ) {
			return $options;
		}
		$result = $this->lock->run( $options->user_id, fn() => $this->admit_and_store( $handler, $type, $input, $options, $admit ) );
		if ( $result instanceof EnqueueResult && $result->created ) {
			/**
			 * Fires after a job was stored.
			 *
			 * @param Job $job The new job.
			 */
			do_action( 'iacp_job_enqueued', $result->job );
			if ( 0 === $options->delay ) {
				$this->kick->kick();
			}
		}
		return $result;
	}

	/**
	 * The part of enqueue() that runs under the user's lock: replay, admission, input, the row and its ledger entry.
	 *
	 * @param array<string, mixed>                                             $input Input.
	 * @param (callable(string, EnqueueOptions, ?Job=): (true|\WP_Error))|null $admit The caller's rule.
	 */
	private function admit_and_store( JobHandler $handler, string $type, array $input, EnqueueOptions $options, ?callable $admit ): EnqueueResult|\WP_Error {
		$existing = $this->replay( $options, $type, $admit );
		if ( null !== $existing ) {
			return $existing;
		}
		$admitted = null === $admit ? true : $admit( $type, $options );
		if ( is_wp_error( $admitted ) ) {
			return $admitted;
		}
		$too_long = $this->validator->find_overlong_text( $input, $this->config->max_prompt_chars() );
		if ( is_wp_error( $too_long ) ) {
			return $too_long;
		}
		$input = $this->validator->validate( $handler->input_schema(), $input );
		if ( is_wp_error( $input ) ) {
			return $input;
		}
		if ( $handler instanceof PreparesInput ) {
			$input = $handler->prepare_input( $input, $options->post_id );
			if ( is_wp_error( $input ) ) {
				return $input;
			}
		}
		/**
		 * Filters a job's validated (and, where its type prepares input, prepared) input just before it is stored.
		 * Job types add to their own input with PreparesInput; this filter is for other code.
		 *
		 * @param array    $input   Validated input.
		 * @param string   $type    Job type.
		 * @param int|null $post_id The job's post.
		 */
		$input = (array) apply_filters( 'iacp_job_input', $input, $type, $options->post_id );

		$now       = time();
		$available = $now + $options->delay;
		$id        = $this->repository->insert(
			array(
				'public_id'       => wp_generate_uuid4(),
				'user_id'         => $options->user_id,
				'post_id'         => $options->post_id,
				'type'            => $type,
				'status'          => JobStatus::PENDING,
				'priority'        => $options->priority,
				'attempts'        => 0,
				'max_attempts'    => $options->max_attempts,
				'available_at'    => $available,
				'input'           => (string) wp_json_encode( (object) $input ),
				'idempotency_key' => $options->idempotency_key,
				'created_at'      => $now,
				'expires_at'      => $available + $options->ttl,
				'updated_at'      => $now,
				'log'             => JobLog::line( 'Queued.', 0, array( 'user_id' => $options->user_id ) ),
			)
		);

		if ( 0 === $id ) {
			// Lost an idempotency race (a start outside the lock): the UNIQUE (user_id, idempotency_key) index refused our row.
			return $this->replay( $options, $type, $admit ) ?? $this->not_stored();
		}
		// A start the ledger does not know would escape the per-minute limit: without its entry, no job.
		if ( ! $this->ledger->record_start( $options->user_id, $id, $type, $now ) ) {
			$this->repository->delete( $id );
			return $this->not_stored();
		}
		$job = $this->repository->find( $id );
		return null === $job ? $this->not_stored() : new EnqueueResult( $job, true );
	}

	/**
	 * The job this user already started with this idempotency key, if any — once the caller's rule allows it.
	 *
	 * @param (callable(string, EnqueueOptions, ?Job=): (true|\WP_Error))|null $admit The caller's rule.
	 */
	private function replay( EnqueueOptions $options, string $type, ?callable $admit ): EnqueueResult|\WP_Error|null {
		$existing = null === $options->idempotency_key ? null : $this->repository->find_by_idempotency_key( $options->user_id, $options->idempotency_key );
		if ( null === $existing ) {
			return null;
		}
		$admitted = null === $admit ? true : $admit( $type, $options, $existing );
		return is_wp_error( $admitted ) ? $admitted : new EnqueueResult( $existing, false );
	}

	private function not_stored(): \WP_Error {
		return new \WP_Error( 'iacp_enqueue_failed', __( 'The job could not be stored.', 'iacp' ), array( 'status' => 500 ) );
	}

	public function find( string $public_id ): ?Job {
		return $this->repository->find_by_public_id( $public_id );
	}

	/**
	 * Pending: cancelled at once. Processing: flagged; the handler sees it at its next heartbeat and the job ends
	 * cancelled. Finished: refused (409).
	 */
	public function cancel( Job $job ): Job|\WP_Error {
		for ( $round = 0; $round < self::RACE_RETRIES; $round++ ) {
			$now = time();
			if ( $this->repository->transition(
				$job->id,
				array( JobStatus::PENDING ),
				JobStatus::CANCELLED,
				array(
					'finished_at'      => $now,
					'cancel_requested' => 1,
					'error_code'       => 'cancelled',
					'error_message'    => __( 'Cancelled before it started.', 'iacp' ),
					'log'              => JobLog::line( 'Cancelled.', $job->attempts ),
				)
			) ) {
				$cancelled = $this->fresh( $job );
				/**
				 * Fires when a job that no worker held was cancelled at once (a running job ends through its worker
				 * and fires `iacp_job_processed` instead).
				 *
				 * @param \IACP\Jobs\Job $cancelled The job, now cancelled.
				 */
				do_action( 'iacp_job_cancelled', $cancelled );
				return $cancelled;
			}
			if ( $this->repository->modify(
				$job->id,
				array( JobStatus::PROCESSING ),
				array(
					'cancel_requested' => 1,
					'log'              => JobLog::line( 'Cancel requested.', $job->attempts ),
				)
			) ) {
				return $this->fresh( $job );
			}
			$job = $this->fresh( $job );
			if ( $job->is_finished() ) {
				return new \WP_Error( 'iacp_job_finished', __( 'The job has already finished.', 'iacp' ), array( 'status' => 409 ) );
			}
		}
		return new \WP_Error( 'iacp_job_busy', __( 'The job changed too often to cancel; try again.', 'iacp' ), array( 'status' => 409 ) );
	}

	/**
	 * Failed, expired or cancelled → pending again, with fresh attempts and expiry. Anything else: 409. A retry is a
	 * start like any other: it asks $admit (as enqueue() does, for the job's type, post and owner) under the owner's
	 * lock, and is written to the usage ledger.
	 *
	 * @param (callable(string, EnqueueOptions, ?Job=): (true|\WP_Error))|null $admit The caller's rule (REST); null: none (WP-CLI).
	 */
	public function retry( Job $job, ?callable $admit = null ): Job|\WP_Error {
		$retried = $this->lock->run(
			$job->user_id,
			function () use ( $job, $admit ): true|\WP_Error {
				if ( ! in_array( $job->status, JobStatus::RETRYABLE, true ) ) {
					return $this->not_retryable();
				}
				$admitted = null === $admit ? true : $admit( $job->type, EnqueueOptions::of_job( $job ) );
				if ( is_wp_error( $admitted ) ) {
					return $admitted;
				}
				$now = time();
				$ok  = $this->repository->transition(
					$job->id,
					JobStatus::RETRYABLE,
					JobStatus::PENDING,
					array(
						'attempts'         => 0,
						'available_at'     => $now,
						'expires_at'       => $now + $this->config->pending_ttl_seconds(),
						'finished_at'      => null,
						'error_code'       => null,
						'error_message'    => null,
						'cancel_requested' => 0,
						'progress'         => 0,
						'stage'            => null,
						'partial_output'   => null,
						'lease_token'      => null,
						'lease_expires_at' => null,
						'log'              => JobLog::line( 'Retried by a user.', 0 ),
					)
				);
				if ( ! $ok ) {
					return $this->not_retryable();
				}
				$this->ledger->record_start( $job->user_id, $job->id, $job->type, $now );
				return true;
			}
		);
		if ( is_wp_error( $retried ) ) {
			return $retried;
		}
		$this->kick->kick();
		return $this->fresh( $job );
	}

	private function not_retryable(): \WP_Error {
		return new \WP_Error( 'iacp_job_not_retryable', __( 'Only failed, expired or cancelled jobs can be retried.', 'iacp' ), array( 'status' => 409 ) );
	}

	/**
	 * Deletes a finished job. Pending or running jobs: 409 (cancel them first).
	 */
	public function delete( Job $job ): true|\WP_Error {
		if ( ! $this->repository->delete_finished( $job->id ) ) {
			return new \WP_Error( 'iacp_job_not_finished', __( 'Only finished jobs can be deleted; cancel it first.', 'iacp' ), array( 'status' => 409 ) );
		}
		return true;
	}

	private function fresh( Job $job ): Job {
		return $this->repository->find( $job->id ) ?? $job;
	}
}
