<?php
/**
 * A runner's line to the database. Tells a lost connection from a lost race, waits for the server to come back
 * (reconnecting with backoff, one announcement when it goes and one when it returns), and while a runner runs turns
 * WordPress's "Error establishing a database connection" page into DatabaseUnavailable, so a worker neither prints
 * HTML nor dies when MariaDB restarts.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Jobs\DatabaseUnavailable;

final class DatabaseLink {

	/**
	 * Error numbers that mean the connection is gone, not that the statement was wrong: server shutdown in progress,
	 * connection killed, cannot connect (socket, TCP), server gone away, lost during a query, lost while reading,
	 * disconnected for inactivity.
	 */
	private const LOST = array( 1053, 1927, 2002, 2003, 2006, 2013, 2055, 4031 );

	private const FIRST_WAIT = 0.25;

	private const LONGEST_WAIT = 2.0;

	/** @var list<RunnerBudget> The runs under way in this process, innermost last (their stop signal and patience). */
	private array $runs = array();

	/** wpdb's own reconnection tries (one second apart, the last one logging a warning) outside runs; inside, none: this class reconnects. */
	private int $wpdb_retries = 5;

	/**
	 * Whether the connection is gone: the last statement failed with a connection error, or there is no connection.
	 * Never for SQLite (a file) or a database drop-in this cannot read.
	 */
	public function is_down(): bool {
		global $wpdb;
		if ( defined( 'DB_ENGINE' ) && 'sqlite' === DB_ENGINE ) {
			return false;
		}
		$handle = $wpdb->__get( 'dbh' );
		if ( empty( $handle ) ) {
			return true;
		}
		if ( ! $handle instanceof \mysqli ) {
			return false;
		}
		try {
			return in_array( mysqli_errno( $handle ), self::LOST, true ); // phpcs:ignore WordPress.DB.RestrictedFunctions.mysql_mysqli_errno -- wpdb keeps no error number.
		} catch ( \Throwable $closed ) {
			return true;
		}
	}

	/**
	 * Throws DatabaseUnavailable when the connection is gone (after a write that changed nothing).
	 */
	public function throw_if_down(): void {
		if ( $this->is_down() ) {
			throw new DatabaseUnavailable( $this->last_error() ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- the database's own error, for the runner and the job log: plain text, escaped where it is shown.
		}
	}

	/**
	 * A run starts: until leave(), a wp_die() caused by a lost database throws DatabaseUnavailable instead of
	 * printing a page, and wait_until_up() follows this run's stop signal and patience.
	 */
	public function enter( RunnerBudget $budget ): void {
		global $wpdb;
		if ( array() === $this->runs ) {
			WpDieHandlers::wrap( array( $this, 'die_handler' ), PHP_INT_MAX );
			$this->wpdb_retries = (int) $wpdb->__get( 'reconnect_retries' );
			$wpdb->__set( 'reconnect_retries', 0 );
		}
		$this->runs[] = $budget;
	}

	public function leave(): void {
		global $wpdb;
		array_pop( $this->runs );
		if ( array() === $this->runs ) {
			WpDieHandlers::unwrap( array( $this, 'die_handler' ), PHP_INT_MAX );
			$wpdb->__set( 'reconnect_retries', $this->wpdb_retries );
		}
	}

	/**
	 * @param callable $handler The wp_die handler WordPress would use.
	 * @return callable The same handler, unless the database is gone.
	 */
	public function die_handler( $handler ): callable {
		return function ( $message, $title = '', $args = array() ) use ( $handler ) {
			if ( $this->is_down() ) {
				throw new DatabaseUnavailable( $this->last_error() ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- the database's own error, for the runner and the job log: plain text, escaped where it is shown.
			}
			return call_user_func( $handler, $message, $title, $args );
		};
	}

	/**
	 * Waits for the database to come back, reconnecting with backoff (0.25 s doubling to 2 s), for as long as the
	 * current run may wait (a worker: until it is back or stopped; a web runner: a few seconds; outside a run: one
	 * try). Announces the outage (`iacp_database_unavailable`) and the return (`iacp_database_available`) once each.
	 *
	 * @return bool Whether the connection is back; false when the patience ran out or a stop was requested.
	 */
	public function wait_until_up(): bool {
		$run      = end( $this->runs );
		$stop     = false === $run ? new StopSignal() : $run->stop;
		$patience = false === $run ? 0.0 : $run->database_patience;
		if ( false !== $run && null !== $run->php_deadline ) {
			// Never past the end PHP sets for a web request.
			$patience = max( 0.0, min( $patience ?? PHP_INT_MAX, $run->php_deadline - microtime( true ) - PhpTimeLimit::MARGIN ) );
		}
		$lost_at = microtime( true );
		/**
		 * Fires once when a runner finds the database gone.
		 *
		 * @param string $error What the database client said.
		 */
		do_action( 'iacp_database_unavailable', $this->last_error() );
		$wait = self::FIRST_WAIT;
		while ( ! $stop->requested() ) {
			if ( $this->reconnect() ) {
				/**
				 * Fires once when the database is back after an outage a runner saw.
				 *
				 * @param float $seconds How long the runner waited.
				 */
				do_action( 'iacp_database_available', microtime( true ) - $lost_at );
				return true;
			}
			if ( null !== $patience && microtime( true ) - $lost_at + $wait > $patience ) {
				return false;
			}
			self::pause( $stop, $wait );
			$wait = min( self::LONGEST_WAIT, $wait * 2 );
		}
		return false;
	}

	/**
	 * Sleeps in short steps, so a stop request is seen at once.
	 */
	private static function pause( StopSignal $stop, float $seconds ): void {
		$until = microtime( true ) + $seconds;
		while ( ! $stop->requested() && microtime( true ) < $until ) {
			usleep( 50000 );
		}
	}

	/**
	 * One reconnection attempt, without the warnings each failed attempt would log.
	 */
	private function reconnect(): bool {
		global $wpdb;
		// phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- each failed try would log a warning; the outage is announced once.
		return @$wpdb->db_connect( false ) && $wpdb->ready;
	}

	private function last_error(): string {
		global $wpdb;
		$handle = $wpdb->__get( 'dbh' );
		if ( $handle instanceof \mysqli ) {
			try {
				$error = mysqli_error( $handle ); // phpcs:ignore WordPress.DB.RestrictedFunctions.mysql_mysqli_error -- the message of the failure wpdb handled itself.
				if ( '' !== $error ) {
					return $error;
				}
			} catch ( \Throwable $closed ) {
				return 'no connection';
			}
		}
		return '' !== (string) $wpdb->last_error ? (string) $wpdb->last_error : 'no connection';
	}
}
