<?php
/**
 * Takes back the jobs of a batch that have not started yet (a pause, a cancel, a spent budget): each is cancelled
 * and its item waits again, with a new attempt number so that it gets a fresh job later. Running jobs finish.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Batches;

use IACP\Jobs\JobQueue;
use IACP\Jobs\JobRepository;
use IACP\Jobs\JobStatus;

final class BatchRecall {

	private const PAGE = 200;

	public function __construct(
		private readonly BatchItemRepository $items,
		private readonly JobQueue $queue,
		private readonly JobRepository $jobs
	) {}

	public function take_back( int $batch_id ): void {
		// Each round settles every row it read (waiting again, or running on because its job has started).
		for ( $round = 0; $round < 1000; $round++ ) {
			$rows = $this->items->running_with_pending_jobs( $batch_id, self::PAGE );
			foreach ( $rows as $row ) {
				$job = $this->jobs->find( (int) $row['job_id'] );
				if ( null !== $job ) {
					$this->queue->cancel( $job );
					$job = $this->jobs->find( $job->id );
				}
				$item = $this->items->find( (int) $row['id'] );
				if ( null !== $item && ( null === $job || JobStatus::CANCELLED === $job->status ) ) {
					$this->items->transition(
						(int) $row['id'],
						array( BatchStatus::ITEM_RUNNING ),
						array(
							'status'   => BatchStatus::ITEM_WAITING,
							'job_id'   => null,
							'attempts' => (int) $item['attempts'] + 1,
						)
					);
				}
			}
			if ( count( $rows ) < self::PAGE ) {
				return;
			}
		}
	}
}
