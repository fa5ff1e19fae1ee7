<?php
/**
 * Deletes finished jobs older than their retention (completed: retention_completed_days; failed, cancelled and
 * expired: retention_failed_days) in bounded batches, until none is left or the time budget is spent.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Jobs\JobRepository;
use IACP\Jobs\JobStatus;

final class RetentionPurger {

	public function __construct(
		private readonly JobRepository $repository,
		private readonly QueueConfig $config
	) {}

	/**
	 * @return int Jobs deleted.
	 */
	public function purge( float $seconds = 20.0, int $batch = 500 ): int {
		$deadline = microtime( true ) + $seconds;
		$deleted  = 0;
		foreach ( JobStatus::FINISHED as $status ) {
			$before = time() - $this->config->retention_days( $status ) * DAY_IN_SECONDS;
			do {
				$count    = $this->repository->purge_finished_before( $status, $before, $batch );
				$deleted += $count;
			} while ( $count >= $batch && microtime( true ) < $deadline );
			if ( microtime( true ) >= $deadline ) {
				break;
			}
		}
		return $deleted;
	}
}
