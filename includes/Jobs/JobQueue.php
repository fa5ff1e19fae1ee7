<?php
/**
 * What callers do with jobs: enqueue, find, cancel, retry, delete. Workers use the Runner instead.
 *
 * enqueue() is the one door every caller (REST, the PHP API, WP-CLI, abilities) comes through: it decides the
 * job type, the options, idempotency, text length and input validity, in that order, and stores nothing it refused.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

use IACP\Queue\InstantKick;
use IACP\Queue\QueueConfig;

final class JobQueue {

	/** Compare-and-set rounds for a user's cancel against a worker that keeps writing. */
	private const RACE_RETRIES = 5;

	public function __construct(
		private readonly JobRepository $repository,
		private readonly JobTypeRegistry $types,
		private readonly JobInputValidator $validator,
		private readonly QueueConfig $config,
		private readonly InstantKick $kick
	) {}

	/**
	 * Validates and stores a job, then kicks a runner. With an idempotency key the user already used, the job that
	 * key started is returned as it is (created: false) — before $admit is asked, so a resent request gets its job
	 * back even when its sender is now over a limit.
	 *
	 * @param array<string, mixed>                                  $input   Input for the type's schema.
	 * @param array<string, mixed>                                  $options user_id, post_id, priority (−100…100, default 10, lower first),
	 *                                                                       delay (s), max_attempts (1–20), ttl (s), idempotency_key (≤ 191 chars).
	 * @param (callable(string, EnqueueOptions): (true|\WP_Error))|null $admit   The caller's own rule for who may start this job now
	 *                                                                       (REST: the type's capability, the post, per-user limits).
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
		$existing = $this->replay( $options );
		if ( null !== $existing ) {
			return new EnqueueResult( $existing, false );
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
				'log'             => JobLog::append( array(), 'Queued.', 0, array( 'user_id' => $options->user_id ) ),
			)
		);

		if ( 0 === $id ) {
			// Lost an idempotency race: the UNIQUE (user_id, idempotency_key) index refused our row; theirs stands.
			$existing = $this->replay( $options );
			if ( null !== $existing ) {
				return new EnqueueResult( $existing, false );
			}
			return new \WP_Error( 'iacp_enqueue_failed', __( 'The job could not be stored.', 'iacp' ), array( 'status' => 500 ) );
		}

		$job = $this->repository->find( $id );
		if ( null === $job ) {
			return new \WP_Error( 'iacp_enqueue_failed', __( 'The job could not be stored.', 'iacp' ), array( 'status' => 500 ) );
		}
		/**
		 * Fires after a job was stored.
		 *
		 * @param Job $job The new job.
		 */
		do_action( 'iacp_job_enqueued', $job );
		if ( 0 === $options->delay ) {
			$this->kick->kick();
		}
		return new EnqueueResult( $job, true );
	}

	/**
	 * The job this user already started with this idempotency key, if any.
	 */
	private function replay( EnqueueOptions $options ): ?Job {
		return null === $options->idempotency_key ? null : $this->repository->find_by_idempotency_key( $options->user_id, $options->idempotency_key );
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
				static fn( array $row ): array => array(
					'finished_at'      => $now,
					'cancel_requested' => 1,
					'error_code'       => 'cancelled',
					'error_message'    => __( 'Cancelled before it started.', 'iacp' ),
					'log'              => JobLog::append( $row['log'], 'Cancelled.', (int) $row['attempts'] ),
				)
			) ) {
				return $this->fresh( $job );
			}
			if ( $this->repository->modify(
				$job->id,
				array( JobStatus::PROCESSING ),
				static fn( array $row ): array => array(
					'cancel_requested' => 1,
					'log'              => JobLog::append( $row['log'], 'Cancel requested.', (int) $row['attempts'] ),
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
	 * Failed, expired or cancelled → pending again, with fresh attempts and expiry. Anything else: 409.
	 */
	public function retry( Job $job ): Job|\WP_Error {
		$now = time();
		$ok  = $this->repository->transition(
			$job->id,
			JobStatus::RETRYABLE,
			JobStatus::PENDING,
			fn( array $row ): array => array(
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
				'log'              => JobLog::append( $row['log'], 'Retried by a user.', 0 ),
			)
		);
		if ( ! $ok ) {
			return new \WP_Error( 'iacp_job_not_retryable', __( 'Only failed, expired or cancelled jobs can be retried.', 'iacp' ), array( 'status' => 409 ) );
		}
		$this->kick->kick();
		return $this->fresh( $job );
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
