<?php
/**
 * What callers do with batches: start one (it returns at once; planning happens in the background), pause, resume,
 * cancel, retry failed items, accept or reject reviewed items. REST, WP-CLI and the list-screen bulk actions all
 * come through here. The batch's step job (BatchStepHandler) does the planning and queues the items' jobs.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Batches;

use IACP\Jobs\JobQueue;
use IACP\Jobs\JobRepository;
use IACP\Jobs\JobTypeRegistry;
use IACP\JobTypes\ReviewedResult;
use IACP\Security\JobAccess;
use IACP\Security\SiteAiSwitch;

final class BatchService {

	public function __construct(
		private readonly BatchRepository $batches,
		private readonly BatchItemRepository $items,
		private readonly BatchTargets $targets,
		private readonly JobQueue $queue,
		private readonly JobRepository $jobs,
		private readonly JobAccess $access,
		private readonly JobTypeRegistry $types,
		private readonly BatchRecall $recall
	) {}

	/**
	 * Checks the request and who may (the current user must be able to start the action's job type), stores the
	 * batch and queues its first step. Nothing is stored when anything is refused.
	 *
	 * @param array<string, mixed> $params action, mode, post_ids | filter, replace.
	 */
	public function create( array $params, int $user_id ): Batch|\WP_Error {
		$request = $this->admitted( $params, $user_id );
		if ( is_wp_error( $request ) ) {
			return $request;
		}
		$now   = time();
		$id    = $this->batches->insert(
			array(
				'user_id'          => $user_id,
				'action'           => $request['action'],
				'mode'             => $request['mode'],
				'status'           => BatchStatus::PLANNING,
				'post_type'        => $request['post_type'],
				'spec'             => (string) wp_json_encode( $request['spec'] ),
				'replace_existing' => $request['replace'] ? 1 : 0,
				'created_at'       => $now,
				'updated_at'       => $now,
			)
		);
		$batch = 0 === $id ? null : $this->batches->find( $id );
		if ( null === $batch ) {
			return new \WP_Error( 'iacp_batch_not_stored', __( 'The batch could not be stored.', 'iacp' ), array( 'status' => 500 ) );
		}
		// One COUNT with LIMIT 1: the size shown while the planner pages through the IDs in the background.
		$this->batches->update( $id, array(), array( 'total' => $this->targets->count( $batch ) ) );
		$started = $this->start_step( $batch );
		return is_wp_error( $started ) ? $started : ( $this->batches->find( $id ) ?? $batch );
	}

	/**
	 * How many items a batch would have (WP-CLI's --dry-run): the same checks as create(), nothing stored.
	 *
	 * @param array<string, mixed> $params As create().
	 */
	public function preview( array $params, int $user_id ): int|\WP_Error {
		$request = $this->admitted( $params, $user_id );
		if ( is_wp_error( $request ) ) {
			return $request;
		}
		$now = time();
		return $this->targets->count( new Batch( 0, $user_id, $request['action'], $request['mode'], BatchStatus::PLANNING, null, null, $request['post_type'], $request['spec'], $request['replace'], 0, false, 0, null, $now, $now, null ) );
	}

	/**
	 * The request, validated, once the user may start it.
	 *
	 * @param array<string, mixed> $params As create().
	 * @return array{action: string, mode: string, post_type: string, spec: array<string, mixed>, replace: bool}|\WP_Error
	 */
	private function admitted( array $params, int $user_id ): array|\WP_Error {
		$request = BatchRequest::validate( $params );
		if ( is_wp_error( $request ) ) {
			return $request;
		}
		$type = BatchAction::job_type( $request['action'] );
		if ( null === $this->queue_types_get( $type ) ) {
			return BatchRequest::invalid( 'action', __( 'This action is not available on this site.', 'iacp' ) );
		}
		if ( ! SiteAiSwitch::allows( $type ) ) {
			return SiteAiSwitch::refusal();
		}
		if ( ! user_can( $user_id, $this->access->capability_for_type( $type ) ) ) {
			return new \WP_Error( 'iacp_forbidden_job_type', __( 'You are not allowed to start this kind of AI job.', 'iacp' ), array( 'status' => 403 ) );
		}
		if ( 'review' === $request['mode'] && ! $this->supports_review( $type ) ) {
			return BatchRequest::invalid( 'mode', __( 'Review mode is not available for this action yet.', 'iacp' ) );
		}
		return $request;
	}

	/**
	 * Whether the job type stores a result for review instead of writing (it declares the `review` input flag).
	 */
	public function supports_review( string $type ): bool {
		$handler = $this->queue_types_get( $type );
		$schema  = null === $handler ? array() : $handler->input_schema();
		return isset( $schema['properties']['review'] );
	}

	private function queue_types_get( string $type ): ?\IACP\Jobs\JobHandler {
		return $this->types->get( $type );
	}

	public function find( int $id ): ?Batch {
		return $this->batches->find( $id );
	}

	/**
	 * Queues a new step job for the batch and makes it the batch's one driver: the generation is stored before the
	 * job exists, so a worker that takes the job at once already finds itself named, and an older step that wakes
	 * up ends.
	 */
	public function start_step( Batch $batch ): true|\WP_Error {
		$fresh      = $this->fresh( $batch );
		$generation = $fresh->step_generation + 1;
		$this->batches->update( $batch->id, array(), array( 'step_generation' => $generation ) );
		$result = $this->queue->enqueue(
			BatchStepHandler::TYPE,
			array(
				'batch_id'   => $batch->id,
				'generation' => $generation,
			),
			array(
				// The step belongs to no user: it spends nothing and must not count against the owner's limits.
				'user_id'  => 0,
				'priority' => -50,
			)
		);
		if ( is_wp_error( $result ) ) {
			return $result;
		}
		// Which job to wake when an item ends (BatchJobWatcher).
		$this->batches->update( $batch->id, array(), array( 'driver_job_id' => $result->job->id ) );
		return true;
	}

	public function pause( Batch $batch ): Batch|\WP_Error {
		if ( ! $this->batches->update(
			$batch->id,
			BatchStatus::ACTIVE,
			array(
				'status'       => BatchStatus::PAUSED,
				'pause_reason' => BatchStatus::PAUSE_USER,
				'resume_at'    => null,
			)
		) ) {
			return $this->conflict( __( 'Only a planning or running batch can be paused.', 'iacp' ) );
		}
		$this->recall->take_back( $batch->id );
		return $this->fresh( $batch );
	}

	public function resume( Batch $batch ): Batch|\WP_Error {
		$fresh = $this->fresh( $batch );
		if ( ! $this->batches->update(
			$batch->id,
			array( BatchStatus::PAUSED ),
			array(
				'status'       => $fresh->planned_all ? BatchStatus::RUNNING : BatchStatus::PLANNING,
				'pause_reason' => null,
				'resume_at'    => null,
			)
		) ) {
			return $this->conflict( __( 'Only a paused batch can be resumed.', 'iacp' ) );
		}
		$started = $this->start_step( $fresh );
		return is_wp_error( $started ) ? $started : $this->fresh( $batch );
	}

	public function cancel( Batch $batch ): Batch|\WP_Error {
		if ( ! $this->batches->update(
			$batch->id,
			array( BatchStatus::PLANNING, BatchStatus::RUNNING, BatchStatus::PAUSED ),
			array(
				'status'      => BatchStatus::CANCELLED,
				'finished_at' => time(),
			)
		) ) {
			return $this->conflict( __( 'The batch has already ended.', 'iacp' ) );
		}
		$this->recall->take_back( $batch->id );
		return $this->fresh( $batch );
	}

	/**
	 * Failed items wait again (each gets a new job); a finished batch runs again for them.
	 */
	public function retry( Batch $batch ): Batch|\WP_Error {
		$fresh = $this->fresh( $batch );
		if ( BatchStatus::CANCELLED === $fresh->status ) {
			return $this->conflict( __( 'A cancelled batch cannot be retried.', 'iacp' ) );
		}
		if ( 0 === $this->items->requeue_failed( $batch->id ) ) {
			return $this->conflict( __( 'The batch has no failed items.', 'iacp' ) );
		}
		if ( $this->batches->update(
			$batch->id,
			array( BatchStatus::COMPLETED ),
			array(
				'status'      => BatchStatus::RUNNING,
				'finished_at' => null,
			)
		) ) {
			$started = $this->start_step( $fresh );
			if ( is_wp_error( $started ) ) {
				return $started;
			}
		}
		return $this->fresh( $batch );
	}

	/**
	 * Applies or rejects items awaiting review. Each item is claimed (review → applying) before it is applied, so a
	 * replayed or parallel accept finds nothing left to do; the write itself goes through ReviewedResult::apply(),
	 * which lets a newer human edit win and checks that the acting user may still edit the object.
	 *
	 * @param list<array{item: int, decision: string, value?: string|null}> $decisions Decisions ({all: true} → every item in review).
	 * @return array{applied: int, rejected: int, conflicts: list<array{item: int, code: string, message: string}>}
	 */
	public function decide( Batch $batch, array $decisions, int $acting_user_id ): array {
		$out = array(
			'applied'   => 0,
			'rejected'  => 0,
			'conflicts' => array(),
		);
		foreach ( $decisions as $decision ) {
			$item_id = (int) $decision['item'];
			$item    = $this->items->find( $item_id );
			if ( null === $item || (int) $item['batch_id'] !== $batch->id ) {
				$out['conflicts'][] = $this->item_conflict( $item_id, 'iacp_item_not_found', __( 'No such item in this batch.', 'iacp' ) );
				continue;
			}
			if ( 'reject' === $decision['decision'] ) {
				if ( $this->items->transition( $item_id, array( BatchStatus::ITEM_REVIEW ), array( 'status' => BatchStatus::ITEM_REJECTED ) ) ) {
					$this->discard_rejected( $item, $acting_user_id );
					++$out['rejected'];
				} else {
					$out['conflicts'][] = $this->not_in_review( $item_id );
				}
				continue;
			}
			if ( ! $this->items->transition( $item_id, array( BatchStatus::ITEM_REVIEW ), array( 'status' => BatchStatus::ITEM_APPLYING ) ) ) {
				$out['conflicts'][] = $this->not_in_review( $item_id );
				continue;
			}
			$applied = $this->apply_reviewed( $item, isset( $decision['value'] ) ? (string) $decision['value'] : null, $acting_user_id );
			if ( true === $applied ) {
				$changes = array( 'status' => BatchStatus::ITEM_ACCEPTED );
				if ( isset( $decision['value'] ) ) {
					$changes['after_value'] = (string) $decision['value'];
				}
				$this->items->transition( $item_id, array( BatchStatus::ITEM_APPLYING ), $changes );
				++$out['applied'];
				continue;
			}
			$changed = 'iacp_changed_since' === $applied->get_error_code();
			// A newer human edit won: the item is settled (skipped); any other refusal leaves it for another decision.
			$this->items->transition(
				$item_id,
				array( BatchStatus::ITEM_APPLYING ),
				$changed ? array(
					'status' => BatchStatus::ITEM_SKIPPED,
					'note'   => 'newer_edit',
				) : array( 'status' => BatchStatus::ITEM_REVIEW )
			);
			$out['conflicts'][] = $this->item_conflict( $item_id, (string) $applied->get_error_code(), $applied->get_error_message() );
		}
		return $out;
	}

	/**
	 * Every item awaiting review, as accept decisions (keyset pages; "Accept all").
	 *
	 * @return list<array{item: int, decision: string}>
	 */
	public function all_in_review( Batch $batch ): array {
		$decisions = array();
		$after     = 0;
		do {
			$rows  = $this->items->with_status( $batch->id, BatchStatus::ITEM_REVIEW, 200, $after );
			$count = count( $rows );
			foreach ( $rows as $row ) {
				$decisions[] = array(
					'item'     => (int) $row['id'],
					'decision' => 'accept',
				);
				$after       = (int) $row['id'];
			}
		} while ( 200 === $count );
		return $decisions;
	}

	/**
	 * @param array<string, mixed> $item The item row.
	 */
	private function apply_reviewed( array $item, ?string $value, int $acting_user_id ): true|\WP_Error {
		$job = null === $item['job_id'] ? null : $this->jobs->find( (int) $item['job_id'] );
		if ( null === $job ) {
			return new \WP_Error( 'iacp_job_gone', __( 'The result of this item is gone.', 'iacp' ) );
		}
		return ReviewedResult::apply( $job, $value, $acting_user_id );
	}

	/**
	 * A rejected proposal leaves nothing behind (a generated featured image leaves the Media Library).
	 *
	 * @param array<string, mixed> $item The item row.
	 */
	private function discard_rejected( array $item, int $acting_user_id ): void {
		$job = null === $item['job_id'] ? null : $this->jobs->find( (int) $item['job_id'] );
		if ( null !== $job ) {
			ReviewedResult::discard( $job, $acting_user_id );
		}
	}

	private function fresh( Batch $batch ): Batch {
		return $this->batches->find( $batch->id ) ?? $batch;
	}

	private function conflict( string $message ): \WP_Error {
		return new \WP_Error( 'iacp_batch_state', $message, array( 'status' => 409 ) );
	}

	/**
	 * @return array{item: int, code: string, message: string}
	 */
	private function not_in_review( int $item_id ): array {
		return $this->item_conflict( $item_id, 'iacp_item_not_in_review', __( 'This item is not awaiting review (already decided?).', 'iacp' ) );
	}

	/**
	 * @return array{item: int, code: string, message: string}
	 */
	private function item_conflict( int $item_id, string $code, string $message ): array {
		return array(
			'item'    => $item_id,
			'code'    => $code,
			'message' => $message,
		);
	}
}
