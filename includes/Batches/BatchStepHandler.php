<?php
/**
 * `batch_step`: one step of a batch, run by the same workers as every job (so a batch goes on after the tab is
 * closed, and two workers never run the same step: the step is a job under a lease). A step settles items whose
 * jobs ended, plans the next keyset pages of IDs (bounded by time, so no step grows with the batch), queues jobs for
 * waiting items up to the batch's share of the provider (twice `provider_max_in_flight` queued or running), pauses
 * the batch when its owner's daily budget is spent, and comes back (DeferJob) until every item is settled.
 *
 * Internal: no user holds its capability, so no REST or ability call can start one.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Batches;

use IACP\Jobs\DeclaresCapability;
use IACP\Jobs\DeferJob;
use IACP\Jobs\EnqueueOptions;
use IACP\Jobs\Job;
use IACP\Jobs\JobContext;
use IACP\Jobs\JobHandler;
use IACP\Jobs\JobQueue;
use IACP\Jobs\JobRepository;
use IACP\Security\JobAccess;
use IACP\Security\SiteAiSwitch;
use IACP\Security\UsageLimits;
use IACP\Settings\Settings;

final class BatchStepHandler implements JobHandler, DeclaresCapability {

	public const TYPE = 'batch_step';

	/** IDs per planning page. */
	public const PLAN_PAGE = 500;

	/** Seconds a step may spend planning before it queues work and yields. */
	private const PLAN_SECONDS = 2.0;

	/** Seconds between steps while items run (a finished item wakes the step sooner: BatchJobWatcher). */
	private const STEP_EVERY = 2;

	/** Seconds after which a claimed item with no job is taken as a step that died mid-way. */
	private const ORPHAN_SECONDS = 60;

	public function __construct(
		private readonly BatchRepository $batches,
		private readonly BatchItemRepository $items,
		private readonly BatchTargets $targets,
		private readonly BatchItemOutcome $outcome,
		private readonly JobQueue $queue,
		private readonly JobRepository $jobs,
		private readonly JobAccess $access,
		private readonly UsageLimits $limits,
		private readonly Settings $settings,
		private readonly BatchRecall $recall
	) {}

	public function input_schema(): array {
		return array(
			'type'                 => 'object',
			'additionalProperties' => false,
			'required'             => array( 'batch_id' ),
			'properties'           => array(
				'batch_id'   => array(
					'type'    => 'integer',
					'minimum' => 1,
				),
				'generation' => array(
					'type'    => 'integer',
					'minimum' => 0,
				),
			),
		);
	}

	public function capability(): string {
		return 'do_not_allow';
	}

	public function time_limit(): int {
		return 60;
	}

	public function default_max_attempts(): int {
		return 5;
	}

	public function handle( Job $job, JobContext $context ): array {
		$batch = $this->batches->find( (int) ( $job->input['batch_id'] ?? 0 ) );
		if ( null === $batch || (int) ( $job->input['generation'] ?? -1 ) !== $batch->step_generation ) {
			return array( 'ended' => 'not_the_driver' );
		}
		$this->settle_ended( $batch );
		if ( BatchStatus::PAUSED === $batch->status ) {
			$batch = $this->resume_after_budget( $batch );
			if ( BatchStatus::PAUSED === $batch->status ) {
				if ( BatchStatus::PAUSE_BUDGET === $batch->pause_reason && null !== $batch->resume_at ) {
					throw new DeferJob( max( 1, $batch->resume_at - time() ), __( 'Batch paused: daily budget reached.', 'iacp' ) ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's stage: stored as data, escaped where it is shown.
				}
				return array( 'ended' => 'paused' );
			}
		}
		if ( ! in_array( $batch->status, BatchStatus::ACTIVE, true ) ) {
			return array( 'ended' => $batch->status );
		}
		$batch = $this->plan( $batch, $context );
		if ( ! $this->dispatch( $batch ) ) {
			$fresh = $this->batches->find( $batch->id ) ?? $batch;
			throw new DeferJob( max( 1, (int) $fresh->resume_at - time() ), __( 'Batch paused: daily budget reached.', 'iacp' ) ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's stage: stored as data, escaped where it is shown.
		}
		if ( $batch->planned_all && $this->is_settled( $batch ) ) {
			$this->batches->update(
				$batch->id,
				BatchStatus::ACTIVE,
				array(
					'status'      => BatchStatus::COMPLETED,
					'finished_at' => time(),
				)
			);
			return array( 'ended' => BatchStatus::COMPLETED );
		}
		$context->heartbeat();
		throw new DeferJob( self::STEP_EVERY, __( 'Batch running.', 'iacp' ) ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's stage: stored as data, escaped where it is shown.
	}

	/**
	 * Settles running items whose jobs ended (the watcher usually did already), and gives back items a dead step
	 * claimed but never queued.
	 */
	private function settle_ended( Batch $batch ): void {
		foreach ( $this->items->running_with_ended_jobs( $batch->id, 500 ) as $row ) {
			$item = $this->items->find( (int) $row['id'] );
			if ( null !== $item ) {
				$this->outcome->settle( $item, $this->jobs->find( (int) $row['job_id'] ), $batch );
			}
		}
		foreach ( $this->items->with_status( $batch->id, BatchStatus::ITEM_RUNNING, 200 ) as $item ) {
			if ( null === $item['job_id'] && (int) $item['updated_at'] < time() - self::ORPHAN_SECONDS ) {
				// Same attempts, so the same idempotency key: queueing it again returns the job it may already have.
				$this->items->transition( (int) $item['id'], array( BatchStatus::ITEM_RUNNING ), array( 'status' => BatchStatus::ITEM_WAITING ) );
			}
		}
	}

	private function resume_after_budget( Batch $batch ): Batch {
		if ( BatchStatus::PAUSE_BUDGET !== $batch->pause_reason || null === $batch->resume_at || $batch->resume_at > time() ) {
			return $batch;
		}
		$this->batches->update(
			$batch->id,
			array( BatchStatus::PAUSED ),
			array(
				'status'       => $batch->planned_all ? BatchStatus::RUNNING : BatchStatus::PLANNING,
				'pause_reason' => null,
				'resume_at'    => null,
			)
		);
		return $this->batches->find( $batch->id ) ?? $batch;
	}

	/**
	 * Adds the next pages of items, for at most PLAN_SECONDS; one page of IDs in memory at a time.
	 */
	private function plan( Batch $batch, JobContext $context ): Batch {
		$began = microtime( true );
		$limit = (int) ( $batch->spec['limit'] ?? 0 );
		while ( ! $batch->planned_all && microtime( true ) - $began < self::PLAN_SECONDS ) {
			$page  = $limit > 0 ? min( self::PLAN_PAGE, $limit - array_sum( $this->items->counts( $batch->id ) ) ) : self::PLAN_PAGE;
			$ids   = $page > 0 ? $this->targets->next_ids( $batch, $batch->cursor, $page ) : array();
			$items = array();
			foreach ( $ids as $id ) {
				$items[] = $this->planned_item( $batch, $id );
			}
			$this->items->add( $batch->id, $items );
			$done    = count( $ids ) < $page || $page <= 0;
			$changes = array( 'cursor_id' => array() === $ids ? $batch->cursor : (int) end( $ids ) );
			if ( $done ) {
				$changes['planned_all'] = 1;
				$changes['status']      = BatchStatus::RUNNING;
			}
			$this->batches->update( $batch->id, BatchStatus::ACTIVE, $changes );
			$batch = $this->batches->find( $batch->id ) ?? $batch;
			unset( $ids, $items );
			$context->heartbeat();
		}
		return $batch;
	}

	/**
	 * @return array{object_id: int, status: string, note: ?string}
	 */
	private function planned_item( Batch $batch, int $id ): array {
		if ( BatchAction::ALT_TEXT === $batch->action && ! $batch->replace && '' !== trim( BatchAction::current_value( $batch->action, $id ) ) ) {
			return array(
				'object_id' => $id,
				'status'    => BatchStatus::ITEM_SKIPPED,
				'note'      => 'has_alt_text',
			);
		}
		return array(
			'object_id' => $id,
			'status'    => BatchStatus::ITEM_WAITING,
			'note'      => null,
		);
	}

	/**
	 * Queues jobs for waiting items while the batch's share of the provider has room. False when the owner's daily
	 * budget is spent (the batch is then paused until it resets).
	 */
	private function dispatch( Batch $batch ): bool {
		$owner = get_userdata( $batch->user_id );
		if ( ! $owner instanceof \WP_User ) {
			$this->batches->update(
				$batch->id,
				BatchStatus::ACTIVE,
				array(
					'status'      => BatchStatus::CANCELLED,
					'finished_at' => time(),
				)
			);
			return true;
		}
		$room = $this->in_flight_cap() - count( $this->items->with_status( $batch->id, BatchStatus::ITEM_RUNNING, $this->in_flight_cap() ) );
		if ( $room <= 0 ) {
			return true;
		}
		$waiting = $this->items->waiting( $batch->id, $room );
		if ( array() === $waiting ) {
			return true;
		}
		$budget = $this->limits->check_budget( $owner );
		if ( is_wp_error( $budget ) ) {
			$this->pause_for_budget( $batch, $budget );
			return false;
		}
		$previous = get_current_user_id();
		// Job types prepare their input for the user who starts them (PostFields checks that user's rights).
		wp_set_current_user( $batch->user_id );
		try {
			foreach ( $waiting as $item ) {
				$this->dispatch_item( $batch, $item );
			}
		} finally {
			wp_set_current_user( $previous );
		}
		return true;
	}

	/**
	 * Twice the provider's in-flight limit: enough queued that workers never wait on a step, never more.
	 */
	public function in_flight_cap(): int {
		return 2 * max( 1, $this->settings->int( 'provider_max_in_flight' ) );
	}

	private function pause_for_budget( Batch $batch, \WP_Error $budget ): void {
		$data = (array) $budget->get_error_data();
		// The reset itself (not now + retry_after, which a second ticking over between the two reads would shift).
		$resets_at = isset( $data['resets_at'] ) ? strtotime( (string) $data['resets_at'] ) : false;
		$resume_at = false !== $resets_at ? $resets_at : time() + (int) ( $data['retry_after'] ?? DAY_IN_SECONDS );
		$this->batches->update(
			$batch->id,
			BatchStatus::ACTIVE,
			array(
				'status'       => BatchStatus::PAUSED,
				'pause_reason' => BatchStatus::PAUSE_BUDGET,
				'resume_at'    => $resume_at,
			)
		);
		// Nothing half-done: jobs not yet started go back; the ones running finish (they were paid for at start).
		$this->recall->take_back( $batch->id );
	}

	/**
	 * Claims one waiting item and queues its job; an object that is gone or no longer the owner's to edit is skipped
	 * with a note. The idempotency key (item and attempt) makes a repeated queueing return the same job.
	 *
	 * @param array<string, mixed> $item The item row.
	 */
	private function dispatch_item( Batch $batch, array $item ): void {
		$id = (int) $item['id'];
		if ( ! $this->items->transition( $id, array( BatchStatus::ITEM_WAITING ), array( 'status' => BatchStatus::ITEM_RUNNING ) ) ) {
			return; // Another step took it.
		}
		$object_id = (int) $item['object_id'];
		$post      = get_post( $object_id );
		if ( null === $post || 'trash' === $post->post_status ) {
			$this->skip( $id, 'deleted' );
			return;
		}
		if ( ! user_can( $batch->user_id, 'edit_post', $object_id ) ) {
			$this->skip( $id, 'forbidden' );
			return;
		}
		$type   = BatchAction::job_type( $batch->action );
		$result = $this->queue->enqueue(
			$type,
			BatchAction::job_input( $batch->action, $post, $batch->is_review(), $batch->replace ),
			array(
				'user_id'         => $batch->user_id,
				'post_id'         => $object_id,
				'idempotency_key' => sprintf( 'iacp-batch-item-%d-%d', $id, (int) $item['attempts'] ),
			),
			fn( string $job_type, EnqueueOptions $options ): true|\WP_Error => $this->admit( $batch, $job_type, $options )
		);
		if ( is_wp_error( $result ) ) {
			$this->items->transition(
				$id,
				array( BatchStatus::ITEM_RUNNING ),
				array(
					'status'      => BatchStatus::ITEM_FAILED,
					'error'       => $result->get_error_message(),
					'finished_at' => time(),
				)
			);
			return;
		}
		$this->items->attach_job( $id, $result->job->id );
		$this->items->transition( $id, array( BatchStatus::ITEM_RUNNING ), array( 'before_value' => BatchAction::current_value( $batch->action, $object_id ) ) );
	}

	/**
	 * Who may start an item's job: the owner, now — the type's capability and the AI switch (edit_post was checked
	 * just before; the handler checks it again when it writes).
	 */
	private function admit( Batch $batch, string $type, EnqueueOptions $options ): true|\WP_Error {
		if ( ! SiteAiSwitch::allows( $type ) ) {
			return SiteAiSwitch::refusal();
		}
		if ( ! user_can( $batch->user_id, $this->access->capability_for_type( $type ) ) || ( null !== $options->post_id && ! user_can( $batch->user_id, 'edit_post', $options->post_id ) ) ) {
			return new \WP_Error( 'iacp_forbidden', __( 'The batch\'s owner may not do this to the item any more.', 'iacp' ), array( 'status' => 403 ) );
		}
		return true;
	}

	private function skip( int $item_id, string $note ): void {
		$this->items->transition(
			$item_id,
			array( BatchStatus::ITEM_RUNNING ),
			array(
				'status'      => BatchStatus::ITEM_SKIPPED,
				'note'        => $note,
				'finished_at' => time(),
			)
		);
	}

	private function is_settled( Batch $batch ): bool {
		$counts = $this->items->counts( $batch->id );
		return 0 === $counts[ BatchStatus::ITEM_WAITING ] + $counts[ BatchStatus::ITEM_RUNNING ];
	}
}
