<?php
/**
 * Writes that race other workers: a deadlock or lock wait that InnoDB resolved by rolling one statement back is a
 * lost race the caller retries, not an error, so it stays out of the error log; every other error is still logged.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

final class LockConflicts {

	/**
	 * Runs one write with lock conflicts kept out of the error log.
	 *
	 * @param callable(): (int|bool) $write The write.
	 * @return int|bool What $wpdb->query answered (false on a lock conflict).
	 */
	public static function quietly( callable $write ): int|bool {
		global $wpdb;
		$suppressed = $wpdb->suppress_errors( true );
		try {
			$result = $write();
			if ( false === $result && ! self::is_conflict( $wpdb->last_error ) ) {
				self::report( $wpdb->last_error, $suppressed );
			}
			return $result;
		} finally {
			$wpdb->suppress_errors( $suppressed );
		}
	}

	public static function is_conflict( string $error ): bool {
		return str_contains( $error, 'Deadlock found' ) || str_contains( $error, 'Lock wait timeout' );
	}

	/**
	 * Logs a real database error that error suppression would otherwise hide (unless the caller suppressed errors).
	 */
	public static function report( string $error, bool $was_suppressed ): void {
		global $wpdb;
		if ( '' !== $error && ! $was_suppressed ) {
			$wpdb->suppress_errors( false );
			$wpdb->print_error( $error );
			$wpdb->suppress_errors( true );
		}
	}
}
