<?php
/**
 * Reads of how much a user used the queue: recent jobs, active jobs, tokens since a time.
 * The per-user limits and the daily token budgets are enforced from these.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

// phpcs:disable WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- a user's current usage, read fresh for the limits: a cached count would let a user past them.
final class JobUsageRepository {

	private function table(): string {
		return JobsSchema::table();
	}

	public function count_created_since( int $user_id, int $since ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$this->table()} WHERE user_id = %d AND created_at >= %d", $user_id, $since ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	}

	/**
	 * The oldest creation time among the user's jobs since a time (to say when a per-minute limit frees up).
	 */
	public function oldest_created_since( int $user_id, int $since ): ?int {
		global $wpdb;
		$value = $wpdb->get_var( $wpdb->prepare( "SELECT MIN(created_at) FROM {$this->table()} WHERE user_id = %d AND created_at >= %d", $user_id, $since ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		return null === $value ? null : (int) $value;
	}

	public function count_active( int $user_id ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$this->table()} WHERE user_id = %d AND status IN (%s, %s)", $user_id, JobStatus::PENDING, JobStatus::PROCESSING ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	}

	/**
	 * Tokens (prompt + completion) used by one user's jobs created since a time.
	 */
	public function tokens_since( int $user_id, int $since ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COALESCE(SUM(prompt_tokens + completion_tokens), 0) FROM {$this->table()} WHERE user_id = %d AND created_at >= %d", $user_id, $since ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	}
}
