<?php
/**
 * A web runner lives inside PHP's max_execution_time. It claims only jobs it can finish before PHP ends the request
 * (the type's time limit plus a margin to store the outcome): where the host lets it raise the limit — as Action
 * Scheduler does — any type, raising the limit just enough once a job is claimed; elsewhere only the types that fit
 * in what is left.
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
	 * The types a runner may claim now.
	 *
	 * @param list<string> $types    Types the run may claim.
	 * @param float|null   $deadline When PHP ends the request (null: never).
	 * @return list<string>
	 */
	public function claimable( array $types, ?float $deadline ): array {
		if ( null === $deadline || $this->may_raise() ) {
			return $types;
		}
		$left = $deadline - microtime( true );
		return array_values( array_filter( $types, fn( string $type ): bool => $this->needs( $type ) <= $left ) );
	}

	/**
	 * Before a claimed job starts: raises PHP's limit when the job needs more time than is left.
	 *
	 * @param float|null $deadline When PHP ends the request (null: never).
	 * @return float|null|false The deadline from now on, or false when the job cannot finish in this request.
	 */
	public function make_room( string $type, ?float $deadline ): float|null|false {
		if ( null === $deadline || $this->needs( $type ) <= $deadline - microtime( true ) ) {
			return $deadline;
		}
		$seconds = $this->needs( $type );
		// phpcs:ignore Squiz.PHP.DiscouragedFunctions.Discouraged -- a web runner gives the job it claimed the time that job needs (the iacp_raise_time_limit filter turns this off); without it the job would be cut off mid-way.
		if ( ! $this->may_raise() || ! set_time_limit( $seconds ) || (int) ini_get( 'max_execution_time' ) !== $seconds ) {
			return false;
		}
		return microtime( true ) + $seconds;
	}

	private function needs( string $type ): int {
		$handler = $this->types->get( $type );
		return ( null === $handler ? 1 : max( 1, $handler->time_limit() ) ) + self::MARGIN;
	}

	/**
	 * Whether this host and site let a web runner restart PHP's time limit (set_time_limit).
	 */
	private function may_raise(): bool {
		$disabled = array_map( 'trim', explode( ',', (string) ini_get( 'disable_functions' ) ) );
		/**
		 * Whether a web runner may raise PHP's max_execution_time (set_time_limit) so that a job it claims can finish.
		 * Without it, a web runner claims only jobs whose time limit fits in what is left of the request.
		 *
		 * @param bool $raise Default true where set_time_limit() is available.
		 */
		return (bool) apply_filters( 'iacp_raise_time_limit', function_exists( 'set_time_limit' ) && ! in_array( 'set_time_limit', $disabled, true ) );
	}
}
