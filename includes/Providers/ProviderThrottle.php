<?php
/**
 * Limits shared by every worker process: at most `provider_max_in_flight` requests at the provider at once and at
 * most `provider_requests_per_minute` started in any 60 seconds.
 *
 * State lives in one non-autoloaded option row, changed only by compare-and-swap (`UPDATE … WHERE option_value = old`,
 * checked by affected rows), so it works on MariaDB and SQLite alike. Each in-flight slot is a lease: a crashed
 * worker's slot frees itself when the lease runs out.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

use IACP\Jobs\DeferJob;
use IACP\Settings\Settings;

final class ProviderThrottle {

	public const OPTION = 'iacp_provider_throttle';

	private const WINDOW_MS = 60000;

	private const CAS_ATTEMPTS = 200;

	public function __construct( private readonly Settings $settings ) {}

	/**
	 * Takes an in-flight slot and counts one request against the per-minute limit. While every slot is taken it
	 * waits up to $patience seconds for one to free (slots free within about a second while requests run), so a
	 * runner with a job in hand takes the next free slot at once instead of sending its job back for seconds.
	 *
	 * @param int   $lease_seconds How long the slot stays taken without renew().
	 * @param float $patience      Seconds to wait for a free slot before deferring (0: defer at once).
	 * @return string The slot's token, for renew() and release().
	 * @throws DeferJob When a limit is reached: how long to wait.
	 */
	public function acquire( int $lease_seconds, float $patience = 0.0 ): string {
		$until = microtime( true ) + $patience;
		while ( true ) {
			$full  = false;
			$token = $this->try_acquire( $lease_seconds, $full );
			if ( is_string( $token ) ) {
				return $token;
			}
			if ( ! $full || microtime( true ) >= $until ) {
				throw $token;
			}
			usleep( wp_rand( 50000, 150000 ) );
		}
	}

	/**
	 * One try: the slot's token, or the DeferJob to throw ($full says whether the slots, not the rate, were the limit).
	 */
	private function try_acquire( int $lease_seconds, bool &$full ): string|DeferJob {
		$token = wp_generate_uuid4();
		$max   = max( 1, $this->settings->int( 'provider_max_in_flight' ) );
		$rpm   = max( 1, $this->settings->int( 'provider_requests_per_minute' ) );
		$wait  = 0;
		$this->update(
			function ( array $state, int $now ) use ( $token, $max, $rpm, $lease_seconds, &$wait, &$full ): ?array {
				// Each compare-and-set round decides afresh: a round that found the slots full and lost its write
				// may be followed by one that takes a slot (then nothing must defer, or the slot would be lost).
				$wait = 0;
				$full = false;
				if ( count( $state['slots'] ) >= $max ) {
					// Slots usually free within seconds; come back soon (with jitter so waiters spread out).
					$wait = 1 + wp_rand( 0, 2 );
					$full = true;
					return null;
				}
				if ( count( $state['requests'] ) >= $rpm ) {
					$oldest = (int) min( $state['requests'] );
					$wait   = (int) ceil( ( $oldest + self::WINDOW_MS - $now ) / 1000 ) + wp_rand( 0, 1 );
					return null;
				}
				$state['slots'][ $token ] = $now + $lease_seconds * 1000;
				$state['requests'][]      = $now;
				return $state;
			}
		);
		if ( $wait > 0 ) {
			return new DeferJob( $wait, __( 'Waiting for a free slot at the AI provider (shared limit reached).', 'iacp' ) ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
		return $token;
	}

	/**
	 * Extends a slot's lease (a long stream is still alive).
	 */
	public function renew( string $token, int $lease_seconds ): void {
		$this->update(
			static function ( array $state, int $now ) use ( $token, $lease_seconds ): ?array {
				if ( ! isset( $state['slots'][ $token ] ) ) {
					return null;
				}
				$state['slots'][ $token ] = $now + $lease_seconds * 1000;
				return $state;
			}
		);
	}

	public function release( string $token ): void {
		$this->update(
			static function ( array $state ) use ( $token ): ?array {
				if ( ! isset( $state['slots'][ $token ] ) ) {
					return null;
				}
				unset( $state['slots'][ $token ] );
				return $state;
			}
		);
	}

	/**
	 * Slots taken right now (expired leases excluded).
	 */
	public function in_flight(): int {
		return count( $this->read()['state']['slots'] );
	}

	/**
	 * Reads the state, lets $change compute the next one, and writes it only if nobody else changed it meanwhile;
	 * retried on conflict. $change returns null to write nothing.
	 *
	 * @param callable(array{slots: array<string, int>, requests: list<int>}, int): (array{slots: array<string, int>, requests: list<int>}|null) $change Computes the next state.
	 */
	private function update( callable $change ): void {
		global $wpdb;
		for ( $try = 0; $try < self::CAS_ATTEMPTS; $try++ ) {
			$current = $this->read();
			$next    = $change( $current['state'], $current['now'] );
			if ( null === $next ) {
				if ( $current['state'] === $current['stored'] ) {
					return;
				}
				$next = $current['state']; // Nothing to add, but expired entries were pruned: store that.
			}
			$encoded = (string) wp_json_encode( $next );
			if ( $encoded === $current['raw'] ) {
				return; // MySQL reports 0 affected rows for an unchanged value.
			}
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery -- the shared limits change by compare-and-set, which the options API lacks; the cached option is deleted below.
			$updated = $wpdb->query(
				$wpdb->prepare(
					"UPDATE {$wpdb->options} SET option_value = %s WHERE option_name = %s AND option_value = %s",
					$encoded,
					self::OPTION,
					$current['raw']
				)
			);
			if ( 1 === $updated ) {
				wp_cache_delete( self::OPTION, 'options' );
				return;
			}
			usleep( wp_rand( 2000, 15000 ) );
		}
		throw new DeferJob( 2, __( 'The AI provider limits are busy; waiting.', 'iacp' ) ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
	}

	/**
	 * The stored state straight from the database (never the object cache), with expired entries pruned.
	 *
	 * @return array{raw: string, now: int, stored: array{slots: array<string, int>, requests: list<int>}, state: array{slots: array<string, int>, requests: list<int>}}
	 */
	private function read(): array {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the limits' state as stored now: every worker and web runner changes it.
		$raw = $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", self::OPTION ) );
		if ( null === $raw ) {
			// INSERT IGNORE keeps concurrent first writers from failing; the row then exists for everyone.
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- concurrent first writers create the row once (INSERT IGNORE).
			$wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$wpdb->options} (option_name, option_value, autoload) VALUES (%s, %s, 'no')", self::OPTION, '' ) );
			// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- as above: read back from the database.
			$raw = (string) $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", self::OPTION ) );
		}
		$raw     = (string) $raw;
		$decoded = json_decode( $raw, true );
		$stored  = array(
			'slots'    => array(),
			'requests' => array(),
		);
		if ( is_array( $decoded ) ) {
			foreach ( (array) ( $decoded['slots'] ?? array() ) as $token => $expires ) {
				$stored['slots'][ (string) $token ] = (int) $expires;
			}
			foreach ( (array) ( $decoded['requests'] ?? array() ) as $time ) {
				$stored['requests'][] = (int) $time;
			}
		}
		$now   = (int) floor( microtime( true ) * 1000 );
		$state = array(
			'slots'    => array_filter( $stored['slots'], static fn( int $expires ): bool => $expires > $now ),
			'requests' => array_values( array_filter( $stored['requests'], static fn( int $time ): bool => $time > $now - self::WINDOW_MS ) ),
		);
		return array(
			'raw'    => $raw,
			'now'    => $now,
			'stored' => $stored,
			'state'  => $state,
		);
	}
}
