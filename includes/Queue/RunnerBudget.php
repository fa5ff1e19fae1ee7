<?php
/**
 * How long and how much one Runner::run() may take, and where it runs. Built once per entry point.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

final class RunnerBudget {

	public const CRON   = 'cron';
	public const KICK   = 'kick';
	public const CLI    = 'cli';
	public const WORKER = 'worker';
	public const REST   = 'rest';

	/**
	 * @param string       $source       cron, kick, cli, worker, rest (recorded as "last runner seen").
	 * @param float        $time_limit   Seconds after which no new job starts (0: no limit).
	 * @param int          $memory_limit Bytes of memory after which no new job starts (0: no limit).
	 * @param int          $max_jobs     Jobs after which the run stops (0: no limit).
	 * @param float|null   $idle_wait    Seconds to keep polling an empty queue (0: stop at once; null: forever).
	 * @param float        $sleep        Seconds between polls of an empty queue.
	 * @param list<string> $types        Only these job types (empty: all).
	 * @param StopSignal   $stop         Raised by signal handlers.
	 */
	public function __construct(
		public readonly string $source,
		public readonly float $time_limit,
		public readonly int $memory_limit,
		public readonly int $max_jobs = 0,
		public readonly ?float $idle_wait = 0.0,
		public readonly float $sleep = 1.0,
		public readonly array $types = array(),
		public readonly StopSignal $stop = new StopSignal()
	) {}

	/**
	 * WP-Cron: under max_execution_time (min(50 s, limit − 10 s)), stops when the queue is empty.
	 */
	public static function for_cron(): self {
		return new self( self::CRON, self::web_time_limit( 50 ), self::default_memory_limit() );
	}

	/**
	 * The instant kick: a short run that lingers 2 s for jobs enqueued right after the kick.
	 */
	public static function for_kick(): self {
		return new self( self::KICK, self::web_time_limit( 20 ), self::default_memory_limit(), 0, 2.0, 0.25 );
	}

	/**
	 * A web request (the REST "run the queue" route): up to $seconds (kept under max_execution_time), stops when empty.
	 */
	public static function for_request( float $seconds = 20, string $source = self::REST ): self {
		return new self( $source, self::web_time_limit( $seconds ), self::default_memory_limit(), 0, 0.0, 0.25 );
	}

	/**
	 * 80% of PHP's memory_limit (256 MB when unlimited).
	 */
	public static function default_memory_limit(): int {
		$limit = wp_convert_hr_to_bytes( (string) ini_get( 'memory_limit' ) );
		return $limit > 0 ? (int) ( $limit * 0.8 ) : 256 * MB_IN_BYTES;
	}

	private static function web_time_limit( float $wanted ): float {
		$max = (int) ini_get( 'max_execution_time' );
		return $max > 0 ? max( 1.0, min( $wanted, $max - 10 ) ) : $wanted;
	}
}
