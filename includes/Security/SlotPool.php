<?php
/**
 * At most N holders of something at once, across every PHP process: each slot is an option row taken with an atomic
 * INSERT IGNORE (MariaDB and SQLite alike), and taken over once its holder's time is up (a holder that died never
 * frees its slot). Kick runners and event streams are held this way.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Security;

final class SlotPool {

	/**
	 * @param string $prefix Option name prefix of this pool's rows (an `iacp_` name: uninstall removes them).
	 * @param int    $slots  How many may be held at once.
	 */
	public function __construct(
		private readonly string $prefix,
		private readonly int $slots
	) {}

	/**
	 * Takes a free slot for $ttl seconds. Returns a handle for release(), or null when all are busy.
	 */
	public function acquire( int $ttl ): ?string {
		global $wpdb;
		$now = time();
		for ( $i = 0; $i < $this->slots; $i++ ) {
			$name  = $this->prefix . $i;
			$value = ( $now + $ttl ) . ':' . bin2hex( random_bytes( 8 ) );
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- a slot is taken and freed by atomic statements on options; the options API has no insert-if-absent or compare-and-set.
			$taken = $wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'no')", $name, $value ) );
			if ( 1 === $taken ) {
				return $name . '|' . $value;
			}
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- a slot is taken and freed by atomic statements on options; the options API has no insert-if-absent or compare-and-set.
			$held = (string) $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", $name ) );
			if ( (int) strtok( $held, ':' ) < $now ) {
				// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- a slot is taken and freed by atomic statements on options; the options API has no insert-if-absent or compare-and-set.
				$stolen = $wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->options} SET option_value = %s WHERE option_name = %s AND option_value = %s", $value, $name, $held ) );
				if ( 1 === $stolen ) {
					return $name . '|' . $value;
				}
			}
		}
		return null;
	}

	/**
	 * Frees the slot a handle names (if it is still that holder's: a slot taken over stays with its new holder).
	 */
	public static function release( string $handle ): void {
		global $wpdb;
		[ $name, $value ] = array_pad( explode( '|', $handle, 2 ), 2, '' );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- a slot is taken and freed by atomic statements on options; the options API has no insert-if-absent or compare-and-set.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name = %s AND option_value = %s", $name, $value ) );
	}
}
