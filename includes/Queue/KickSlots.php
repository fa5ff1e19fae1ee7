<?php
/**
 * At most a few kick runners at once (each holds a web worker): slots are option rows taken with an atomic
 * INSERT IGNORE, and taken over once their holder's time is up (a runner that died never frees its slot).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

final class KickSlots {

	private const PREFIX = 'iacp_kick_slot_';

	public function __construct( private readonly int $slots = 2 ) {}

	/**
	 * Takes a free slot for $ttl seconds. Returns a handle for release(), or null when all are busy.
	 */
	public function acquire( int $ttl ): ?string {
		global $wpdb;
		$now = time();
		for ( $i = 0; $i < $this->slots; $i++ ) {
			$name  = self::PREFIX . $i;
			$value = ( $now + $ttl ) . ':' . bin2hex( random_bytes( 8 ) );
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- a slot is taken by one atomic INSERT IGNORE; the options API has no insert-if-absent.
			$taken = $wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'no')", $name, $value ) );
			if ( 1 === $taken ) {
				return $name . '|' . $value;
			}
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the holder as stored now, not as an object cache remembers it.
			$held = (string) $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", $name ) );
			if ( (int) strtok( $held, ':' ) < $now ) {
				// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- an expired slot is taken over by a compare-and-set; the options API has none.
				$stolen = $wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->options} SET option_value = %s WHERE option_name = %s AND option_value = %s", $value, $name, $held ) );
				if ( 1 === $stolen ) {
					return $name . '|' . $value;
				}
			}
		}
		return null;
	}

	public function release( string $handle ): void {
		global $wpdb;
		[ $name, $value ] = array_pad( explode( '|', $handle, 2 ), 2, '' );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- frees the slot only if this runner still holds it (compare-and-delete).
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->options} WHERE option_name = %s AND option_value = %s", $name, $value ) );
	}
}
