<?php
/**
 * One user's job starts (enqueue, retry) run one at a time, so that checking the per-user limits and storing the job
 * are one step: parallel requests cannot all pass the check before any is stored.
 *
 * MySQL and MariaDB: a named lock per user (GET_LOCK; the server frees it if this process dies). SQLite has no named
 * locks but one writer at a time: the step runs in a write transaction (the SQLite integration's START TRANSACTION
 * is BEGIN IMMEDIATE), which later writers wait for. No transaction on MySQL, so a caller's own transaction (a test
 * suite's) is never committed behind its back.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

use WP_Error;

final class EnqueueLock {

	/** How long a start waits for the same user's start before it is refused. */
	private const WAIT_SECONDS = 10;

	/** Starts in progress in this process (a filter that enqueues from inside a start runs within it). */
	private int $depth = 0;

	/**
	 * Runs $step holding the user's lock.
	 *
	 * @template T
	 * @param callable(): T $step The check and the write.
	 * @return T|WP_Error What $step returned, or 429 when the lock could not be had in time.
	 */
	public function run( int $user_id, callable $step ): mixed {
		if ( $this->depth > 0 ) {
			return $step();
		}
		global $wpdb;
		$sqlite = defined( 'DB_ENGINE' ) && 'sqlite' === DB_ENGINE;
		// Named locks are server-wide: the site's address and table prefix keep sites sharing a server apart.
		$name = 'iacp_start_' . substr( md5( get_option( 'siteurl' ) . '|' . $wpdb->prefix ), 0, 12 ) . '_' . $user_id;
		if ( $sqlite ) {
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- a start's check-and-insert runs under the user's named lock or transaction; no API wraps either.
			$wpdb->query( 'START TRANSACTION' );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- a start's check-and-insert runs under the user's named lock or transaction; no API wraps either.
		} elseif ( '1' !== (string) $wpdb->get_var( $wpdb->prepare( 'SELECT GET_LOCK(%s, %d)', $name, self::WAIT_SECONDS ) ) ) {
			return new WP_Error(
				'iacp_busy',
				__( 'Too many AI jobs are being started at once. Please try again.', 'iacp' ),
				array(
					'status'      => 429,
					'retry_after' => 1,
				)
			);
		}
		++$this->depth;
		$done = false;
		try {
			$result = $step();
			$done   = true;
			return $result;
		} finally {
			--$this->depth;
			if ( $sqlite && $done ) {
				// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- a start's check-and-insert runs under the user's named lock or transaction; no API wraps either.
				$wpdb->query( 'COMMIT' );
			} elseif ( $sqlite ) {
				// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- a start's check-and-insert runs under the user's named lock or transaction; no API wraps either.
				$wpdb->query( 'ROLLBACK' );
			} else {
				// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- a start's check-and-insert runs under the user's named lock or transaction; no API wraps either.
				$wpdb->query( $wpdb->prepare( 'SELECT RELEASE_LOCK(%s)', $name ) );
			}
		}
	}
}
