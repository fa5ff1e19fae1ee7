<?php
/**
 * A web runner lives inside PHP's max_execution_time. Before each job it keeps to the job types it can still finish
 * (their time limit plus a margin to store the outcome) before PHP ends the request, first raising the limit where
 * the host allows it — as Action Scheduler does — so a short limit never cuts a job off half-way.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Jobs\JobTypeRegistry;

final class PhpTimeLimit {

	/** Seconds kept after a job's own time limit for storing its outcome. */
	public const MARGIN = 2;

	public function __construct( private readonly JobTypeRegistry $types ) {}

	/**
	 * @param list<string> $types    Types the run may claim.
	 * @param float|null   $deadline When PHP ends the request (null: never).
	 * @return array{0: list<string>, 1: float|null} The types a job of which can finish, and the deadline (moved when
	 *                                               the limit was raised).
	 */
	public function finishable( array $types, ?float $deadline ): array {
		if ( null === $deadline || array() === $types ) {
			return array( $types, $deadline );
		}
		$needs = array();
		foreach ( $types as $type ) {
			$handler        = $this->types->get( $type );
			$needs[ $type ] = ( null === $handler ? 1 : max( 1, $handler->time_limit() ) ) + self::MARGIN;
		}
		$longest = max( $needs );
		if ( $deadline - microtime( true ) < $longest && $this->raise( $longest ) ) {
			$deadline = microtime( true ) + $longest;
		}
		$left = $deadline - microtime( true );
		return array( array_map( 'strval', array_keys( array_filter( $needs, static fn( int $need ): bool => $need <= $left ) ) ), $deadline );
	}

	/**
	 * Restarts PHP's time limit at $seconds from now, where the host and the site allow it.
	 */
	private function raise( int $seconds ): bool {
		$disabled = array_map( 'trim', explode( ',', (string) ini_get( 'disable_functions' ) ) );
		/**
		 * Whether a web runner may raise PHP's max_execution_time (set_time_limit) so that a job it starts can finish.
		 * Without it, a web runner starts only jobs whose time limit fits in what is left of the request.
		 *
		 * @param bool $raise   Default true.
		 * @param int  $seconds The limit it would set, counted from now.
		 */
		if ( ! function_exists( 'set_time_limit' ) || in_array( 'set_time_limit', $disabled, true ) || ! apply_filters( 'iacp_raise_time_limit', true, $seconds ) ) {
			return false;
		}
		return set_time_limit( $seconds ) && (int) ini_get( 'max_execution_time' ) === $seconds;
	}
}
