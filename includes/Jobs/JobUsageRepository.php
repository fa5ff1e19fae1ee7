<?php
/**
 * How many of a user's jobs are waiting or running (the active-jobs limit). What a user started and spent is in
 * the usage ledger (Usage\UsageLedger), which deleting jobs does not touch.
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

	public function count_active( int $user_id ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$this->table()} WHERE user_id = %d AND status IN (%s, %s)", $user_id, JobStatus::PENDING, JobStatus::PROCESSING ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	}
}
