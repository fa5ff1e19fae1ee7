<?php
/**
 * The reads behind the queue's health figures: jobs per status, the oldest waiting job, what finished in a window
 * and per hour, tokens used. QueueStats turns them into a snapshot; QueueHealthNotice asks for the oldest wait.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Jobs\JobsSchema;
use IACP\Jobs\JobStatus;

// phpcs:disable WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the queue's live health figures, read from the plugin's own jobs table each time they are shown.
final class QueueStatsRepository {

	/**
	 * Jobs per status; every status is a key (0 when none).
	 *
	 * @return array<string, int>
	 */
	public function count_by_status( ?int $user_id = null ): array {
		global $wpdb;
		$sql    = 'SELECT status, COUNT(*) AS n FROM ' . JobsSchema::table();
		$rows   = null === $user_id
			? $wpdb->get_results( $sql . ' GROUP BY status', ARRAY_A ) // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
			: $wpdb->get_results( $wpdb->prepare( $sql . ' WHERE user_id = %d GROUP BY status', $user_id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$counts = array_fill_keys( JobStatus::ALL, 0 );
		foreach ( is_array( $rows ) ? $rows : array() as $row ) {
			if ( isset( $counts[ $row['status'] ] ) ) {
				$counts[ $row['status'] ] = (int) $row['n'];
			}
		}
		return $counts;
	}

	/**
	 * Created time of the oldest job that is ready to run and waiting, or null.
	 */
	public function oldest_ready_pending_created_at( int $now ): ?int {
		global $wpdb;
		$value = $wpdb->get_var( $wpdb->prepare( 'SELECT MIN(created_at) FROM ' . JobsSchema::table() . ' WHERE status = %s AND available_at <= %d', JobStatus::PENDING, $now ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		return null === $value ? null : (int) $value;
	}

	/**
	 * Jobs that finished since a time, per finished status.
	 *
	 * @return array<string, int>
	 */
	public function finished_since( int $since ): array {
		global $wpdb;
		$counts = array_fill_keys( JobStatus::FINISHED, 0 );
		foreach ( JobStatus::FINISHED as $status ) {
			$counts[ $status ] = (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM ' . JobsSchema::table() . ' WHERE status = %s AND finished_at >= %d', $status, $since ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		}
		return $counts;
	}

	/**
	 * Completed and failed jobs per hour since a time: hour start (Unix seconds) => [ completed, failed ].
	 *
	 * @return array<int, array{completed: int, failed: int}>
	 */
	public function finished_per_hour( int $since ): array {
		global $wpdb;
		$rows  = $wpdb->get_results( $wpdb->prepare( 'SELECT FLOOR(finished_at / 3600) * 3600 AS hour, status, COUNT(*) AS n FROM ' . JobsSchema::table() . ' WHERE status IN (%s, %s) AND finished_at >= %d GROUP BY hour, status', JobStatus::COMPLETED, JobStatus::FAILED, $since ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$hours = array();
		foreach ( (array) $rows as $row ) {
			$hour           = (int) $row['hour'];
			$hours[ $hour ] = ( $hours[ $hour ] ?? array(
				'completed' => 0,
				'failed'    => 0,
			) );
			$hours[ $hour ][ JobStatus::COMPLETED === $row['status'] ? 'completed' : 'failed' ] = (int) $row['n'];
		}
		return $hours;
	}

	/**
	 * AI tokens of jobs that finished since a time, plus those of running jobs.
	 */
	public function tokens_since( int $since ): int {
		global $wpdb;
		$total = 0;
		foreach ( JobStatus::FINISHED as $status ) {
			$total += (int) $wpdb->get_var( $wpdb->prepare( 'SELECT SUM(prompt_tokens + completion_tokens) FROM ' . JobsSchema::table() . ' WHERE status = %s AND finished_at >= %d', $status, $since ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		}
		$total += (int) $wpdb->get_var( $wpdb->prepare( 'SELECT SUM(prompt_tokens + completion_tokens) FROM ' . JobsSchema::table() . ' WHERE status = %s', JobStatus::PROCESSING ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		return $total;
	}
}
