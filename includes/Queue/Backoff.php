<?php
/**
 * Retry delays: exponential backoff with full jitter, so retries of many jobs spread out instead of stampeding.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

final class Backoff {

	private readonly \Closure $random;

	/**
	 * @param \Closure(int, int): int|null $random Picks an int in [min, max]; random_int by default (tests pass their own).
	 */
	public function __construct( private readonly QueueConfig $config, ?\Closure $random = null ) {
		$this->random = $random ?? random_int( ... );
	}

	/**
	 * The longest delay after failed attempt $attempt (from 1): min(cap, base × 2^(attempt−1)).
	 */
	public function ceiling( int $attempt ): int {
		$cap   = $this->config->retry_cap_seconds();
		$base  = $this->config->retry_base_seconds();
		$shift = max( 0, min( 30, $attempt - 1 ) );
		return (int) min( $cap, $base * ( 2 ** $shift ) );
	}

	/**
	 * The whole second from which a job waiting $delay seconds from $now (microtime) may be claimed: rounded up,
	 * so a Retry-After is a floor (the claim compares with time(), which rounds down).
	 */
	public static function available_at( float $now, int|float $delay ): int {
		return (int) ceil( $now + max( 0, $delay ) );
	}

	/**
	 * Seconds to wait before the next attempt. A Retry-After from the provider wins (at least 1 s).
	 */
	public function delay( int $attempt, ?int $retry_after = null ): int {
		if ( null !== $retry_after ) {
			return max( $retry_after, 1 );
		}
		return (int) ( $this->random )( 0, $this->ceiling( $attempt ) );
	}
}
