<?php
/**
 * A snapshot of the queue's health: counts, waiting time, throughput, failure rate, the last runner seen, and the
 * last 24 hours hour by hour. Shared by `wp iacp queue stats` and GET /iacp/v1/queue; the SQL is in
 * QueueStatsRepository.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Jobs\JobStatus;

final class QueueStats {

	public const WINDOW_MINUTES = 15;

	public function __construct(
		private readonly QueueStatsRepository $repository,
		private readonly JobClaimer $claimer,
		private readonly RunnerLastSeen $last_seen
	) {}

	/**
	 * @return array{
	 *     counts: array<string, int>,
	 *     oldest_pending_age_seconds: int|null,
	 *     window_minutes: int,
	 *     completed_in_window: int,
	 *     failed_in_window: int,
	 *     jobs_per_minute: float,
	 *     failure_rate: float|null,
	 *     last_runner: array{ time: string, source: string, age_seconds: int }|null,
	 *     tokens_today: int,
	 *     wp_cron_disabled: bool,
	 *     claim_strategy: string
	 * }
	 */
	public function snapshot(): array {
		$now       = time();
		$finished  = $this->repository->finished_since( $now - self::WINDOW_MINUTES * MINUTE_IN_SECONDS );
		$completed = $finished[ JobStatus::COMPLETED ];
		$failed    = $finished[ JobStatus::FAILED ];
		$oldest    = $this->repository->oldest_ready_pending_created_at( $now );
		$seen      = $this->last_seen->get();
		return array(
			'counts'                     => $this->repository->count_by_status(),
			'oldest_pending_age_seconds' => null === $oldest ? null : max( 0, $now - $oldest ),
			'window_minutes'             => self::WINDOW_MINUTES,
			'completed_in_window'        => $completed,
			'failed_in_window'           => $failed,
			'jobs_per_minute'            => round( ( $completed + $failed ) / self::WINDOW_MINUTES, 2 ),
			'failure_rate'               => $completed + $failed > 0 ? round( $failed / ( $completed + $failed ), 4 ) : null,
			'last_runner'                => null === $seen ? null : array(
				'time'        => gmdate( 'c', $seen['time'] ),
				'source'      => $seen['source'],
				'age_seconds' => max( 0, $now - $seen['time'] ),
			),
			'tokens_today'               => $this->repository->tokens_since( (int) strtotime( 'today', $now ) ),
			'wp_cron_disabled'           => defined( 'DISABLE_WP_CRON' ) && DISABLE_WP_CRON,
			'claim_strategy'             => $this->claimer->supports_skip_locked() ? 'skip_locked' : 'compare_and_set',
		);
	}

	/**
	 * Completed and failed jobs in each of the last 24 hours, oldest first.
	 *
	 * @return list<array{hour: string, completed: int, failed: int}>
	 */
	public function hourly(): array {
		$this_hour = (int) ( floor( time() / HOUR_IN_SECONDS ) * HOUR_IN_SECONDS );
		$first     = $this_hour - 23 * HOUR_IN_SECONDS;
		$counts    = $this->repository->finished_per_hour( $first );
		$hours     = array();
		for ( $hour = $first; $hour <= $this_hour; $hour += HOUR_IN_SECONDS ) {
			$hours[] = array( 'hour' => gmdate( 'c', $hour ) ) + ( $counts[ $hour ] ?? array(
				'completed' => 0,
				'failed'    => 0,
			) );
		}
		return $hours;
	}
}
