<?php
/**
 * When a worker has handled an item's job: settles the item at once, and wakes the batch's step when the batch's
 * queued work has fallen to one round of provider slots, so more is queued before the workers run dry — without
 * spending a worker on a step after every item.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Batches;

use IACP\Jobs\Job;
use IACP\Jobs\JobRepository;
use IACP\Jobs\JobStatus;

final class BatchJobWatcher {

	public function __construct(
		private readonly BatchRepository $batches,
		private readonly BatchItemRepository $items,
		private readonly BatchItemOutcome $outcome,
		private readonly JobRepository $jobs,
		private readonly BatchStepHandler $step
	) {}

	public function job_processed( Job $job ): void {
		if ( BatchStepHandler::TYPE === $job->type ) {
			$this->step_processed( $job );
			return;
		}
		if ( null === $job->post_id ) {
			return;
		}
		$item = $this->items->find_by_job( $job->id );
		if ( null === $item ) {
			return;
		}
		$batch = $this->batches->find( (int) $item['batch_id'] );
		$fresh = $this->jobs->find( $job->id );
		if ( null === $batch || null === $fresh || ! $fresh->is_finished() ) {
			return;
		}
		$this->outcome->settle( $item, $fresh, $batch );
		$queued = count( $this->items->with_status( $batch->id, BatchStatus::ITEM_RUNNING, $this->step->in_flight_cap() ) );
		if ( null !== $batch->driver_job_id && $queued <= $this->step->in_flight_cap() / 2 ) {
			$this->jobs->modify( $batch->driver_job_id, array( JobStatus::PENDING ), array( 'available_at' => time() ) );
		}
	}

	/**
	 * A driving step that ended for good (its attempts spent, or cancelled from the Jobs screen, running or waiting)
	 * pauses its batch with the reason, so the batch never waits active with nothing to drive it; Resume starts a new
	 * step.
	 */
	private function step_processed( Job $job ): void {
		$fresh = $this->jobs->find( $job->id );
		if ( null === $fresh || ! $fresh->is_finished() || JobStatus::COMPLETED === $fresh->status ) {
			return;
		}
		$batch = $this->batches->find( (int) ( $fresh->input['batch_id'] ?? 0 ) );
		if ( null === $batch || (int) ( $fresh->input['generation'] ?? -1 ) !== $batch->step_generation ) {
			return;
		}
		$this->batches->update(
			$batch->id,
			BatchStatus::ACTIVE,
			array(
				'status'       => BatchStatus::PAUSED,
				'pause_reason' => BatchStatus::PAUSE_ERROR,
				'resume_at'    => null,
			)
		);
	}
}
