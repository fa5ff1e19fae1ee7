<?php
/**
 * Housekeeping at the start of every runner pass: pending jobs past their expiry become `expired`, and running
 * jobs whose lease ran out (their worker died) go back to pending with the attempt counted, or fail with
 * `worker_lost` when no attempt is left.
 *
 * A lost lease is always "worker lost", even when the attempt had also run past its time limit: only a live
 * worker that sees its deadline at a heartbeat records `timeout`. So the two stay distinguishable.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Jobs\Job;
use IACP\Jobs\JobLog;
use IACP\Jobs\JobRepository;
use IACP\Jobs\JobStatus;

final class Reaper {

	public function __construct( private readonly JobRepository $repository ) {}

	/**
	 * @return array{ expired: int, requeued: int, lost: int, cancelled: int }
	 */
	public function reap(): array {
		$now    = time();
		$counts = array(
			'expired'   => $this->repository->expire_pending( $now ),
			'requeued'  => 0,
			'lost'      => 0,
			'cancelled' => 0,
		);
		foreach ( $this->repository->find_lease_expired( $now ) as $job ) {
			$outcome = $this->release( $job, $now );
			if ( null !== $outcome ) {
				++$counts[ $outcome ];
			}
		}
		return $counts;
	}

	/**
	 * @return 'requeued'|'lost'|'cancelled'|null What happened (null: its worker came back first).
	 */
	private function release( Job $job, int $now ): ?string {
		$guard = array(
			'lease_token'          => (string) $job->lease_token,
			'lease_expired_before' => $now,
		);
		$clear = array(
			'lease_token'      => null,
			'lease_expires_at' => null,
		);
		if ( $job->cancel_requested ) {
			return $this->repository->transition(
				$job->id,
				array( JobStatus::PROCESSING ),
				JobStatus::CANCELLED,
				$clear + array(
					'finished_at'   => $now,
					'error_code'    => 'cancelled',
					'error_message' => __( 'Cancelled; its worker had stopped.', 'iacp' ),
					'log'           => JobLog::line( 'Cancelled; its worker had stopped.', $job->attempts ),
				),
				$guard
			) ? 'cancelled' : null;
		}
		if ( $job->attempts < $job->max_attempts ) {
			return $this->repository->transition(
				$job->id,
				array( JobStatus::PROCESSING ),
				JobStatus::PENDING,
				$clear + array(
					'available_at'  => $now,
					'expires_at'    => max( $job->expires_at, $now + 3600 ),
					'error_code'    => 'worker_lost',
					'error_message' => __( 'The worker running the job stopped answering; the job will run again.', 'iacp' ),
					'log'           => JobLog::line( 'Worker lost; will retry.', $job->attempts ),
				),
				$guard
			) ? 'requeued' : null;
		}
		return $this->repository->transition(
			$job->id,
			array( JobStatus::PROCESSING ),
			JobStatus::FAILED,
			$clear + array(
				'finished_at'   => $now,
				'error_code'    => 'worker_lost',
				'error_message' => __( 'The worker running the job stopped answering and no attempt is left.', 'iacp' ),
				'log'           => JobLog::line( 'Worker lost; no attempt left.', $job->attempts ),
			),
			$guard
		) ? 'lost' : null;
	}
}
