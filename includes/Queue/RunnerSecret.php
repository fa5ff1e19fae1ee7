<?php
/**
 * The site's runner secret: proves that a request to run the queue comes from this site (its own loopback kick,
 * a system cron line), not from a visitor. Random, stored non-autoloaded, created on first use.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Service;

final class RunnerSecret implements Service {

	public const OPTION = 'iacp_runner_secret';

	public function register(): void {
		// Create it at install time, so concurrent first kicks never race to write two different secrets.
		add_action( 'iacp_upgrade', array( $this, 'get' ) );
	}

	/**
	 * The secret, created when missing.
	 */
	public function get(): string {
		$secret = $this->stored();
		if ( '' === $secret ) {
			add_option( self::OPTION, wp_generate_password( 64, false, false ), '', false );
			wp_cache_delete( self::OPTION, 'options' );
			$secret = $this->stored();
		}
		return $secret;
	}

	/**
	 * Whether a candidate is the secret (constant-time comparison; never true while no secret exists).
	 */
	public function verify( string $candidate ): bool {
		$secret = $this->stored();
		return '' !== $secret && '' !== $candidate && hash_equals( $secret, $candidate );
	}

	private function stored(): string {
		$secret = get_option( self::OPTION, '' );
		return is_string( $secret ) && strlen( $secret ) >= 32 ? $secret : '';
	}
}
