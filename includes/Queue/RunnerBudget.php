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

	/** Seconds a web runner waits for a lost database (to store an outcome it holds) before it gives up quietly. */
	private const WEB_DATABASE_PATIENCE = 10.0;

	/**
	 * @param string       $source       cron, kick, cli, worker, rest (recorded as "last runner seen").
	 * @param float        $time_limit   Seconds after which no new job starts (0: no limit).
	 * @param int          $memory_limit Bytes of memory after which no new job starts (0: no limit).
	 * @param int          $max_jobs     Jobs after which the run stops (0: no limit).
	 * @param float|null   $idle_wait    Seconds to keep polling an empty queue (0: stop at once; null: forever).
	 * @param float        $sleep        Seconds between polls of an empty queue.
	 * @param list<string> $types        Only these job types (empty: all).
	 * @param StopSignal   $stop         Raised by signal handlers.
	 * @param float|null   $php_deadline      Unix time at which PHP ends this request (max_execution_time); null: never.
	 * @param float|null   $database_patience Seconds to wait for a lost database before giving up (null: until it returns).
	 */
	public function __construct(
		public readonly string $source,
		public readonly float $time_limit,
		public readonly int $memory_limit,
		public readonly int $max_jobs = 0,
		public readonly ?float $idle_wait = 0.0,
		public readonly float $sleep = 1.0,
		public readonly array $types = array(),
		public readonly StopSignal $stop = new StopSignal(),
		public readonly ?float $php_deadline = null,
		public readonly ?float $database_patience = null
	) {}

	/**
	 * WP-Cron: up to 50 s, well under max_execution_time; stops when the queue is empty.
	 */
	public static function for_cron(): self {
		return self::web( self::CRON, 50, 0.0, 1.0 );
	}

	/**
	 * The instant kick: a short run that lingers 2 s for jobs enqueued right after the kick.
	 */
	public static function for_kick(): self {
		return self::web( self::KICK, 20, 2.0, 0.25 );
	}

	/**
	 * A web request (the REST "run the queue" route): up to $seconds (kept under max_execution_time), stops when empty.
	 */
	public static function for_request( float $seconds = 20, string $source = self::REST ): self {
		return self::web( $source, $seconds, 0.0, 0.25 );
	}

	/**
	 * A runner inside a web request: it stops taking jobs well before PHP's max_execution_time, knows when PHP will
	 * end the request, and gives a lost database only a few seconds before it leaves the job to the next runner.
	 */
	private static function web( string $source, float $wanted, float $idle_wait, float $sleep ): self {
		return new self( $source, self::web_time_limit( $wanted ), self::default_memory_limit(), 0, $idle_wait, $sleep, array(), new StopSignal(), self::php_deadline(), self::WEB_DATABASE_PATIENCE );
	}

	/**
	 * 80% of PHP's memory_limit (256 MB when unlimited).
	 */
	public static function default_memory_limit(): int {
		$limit = wp_convert_hr_to_bytes( (string) ini_get( 'memory_limit' ) );
		return $limit > 0 ? (int) ( $limit * 0.8 ) : 256 * MB_IN_BYTES;
	}

	/**
	 * Seconds a web runner takes new jobs: $wanted, but at most max_execution_time − 10 s, or half of it when that
	 * is longer (20 s of 30, 2.5 s of 5).
	 */
	private static function web_time_limit( float $wanted ): float {
		$max = (int) ini_get( 'max_execution_time' );
		return $max > 0 ? min( $wanted, max( $max / 2, $max - 10 ) ) : $wanted;
	}

	/**
	 * When PHP will end this request: max_execution_time counted from the request's start (a wall-clock bound, so
	 * also safe where PHP counts CPU time); null without a limit.
	 */
	private static function php_deadline(): ?float {
		$max = (int) ini_get( 'max_execution_time' );
		if ( $max <= 0 ) {
			return null;
		}
		$start = isset( $_SERVER['REQUEST_TIME_FLOAT'] ) && is_numeric( $_SERVER['REQUEST_TIME_FLOAT'] ) ? (float) $_SERVER['REQUEST_TIME_FLOAT'] : microtime( true );
		return $start + $max;
	}
}
