<?php
/**
 * `wp iacp work`: runs the job queue in this process.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\CLI;

use IACP\Queue\Runner;
use IACP\Queue\RunnerBudget;
use IACP\Queue\StopSignal;
use WP_CLI;

final class WorkCommand {

	public function __construct( private readonly Runner $runner ) {}

	/**
	 * Processes queued AI jobs: a daemon by default; SIGTERM or SIGINT finishes the current job, then exits 0.
	 * While the database is down it waits for it and carries on. A job that stops the process (memory, a fatal
	 * error) is recorded on the job, and the worker exits 255 with one line on stderr (after WP-CLI's own report of the
	 * fatal error), for the supervisor to restart it.
	 *
	 * ## OPTIONS
	 *
	 * [--once]
	 * : Exit as soon as no job is ready instead of waiting for more (for a system cron line).
	 *
	 * [--max-jobs=<n>]
	 * : Exit after this many jobs.
	 *
	 * [--time-limit=<seconds>]
	 * : Start no new job after this many seconds.
	 *
	 * [--memory-limit=<MB>]
	 * : Start no new job once the process uses this much memory (default: 80% of memory_limit).
	 *
	 * [--sleep=<seconds>]
	 * : Seconds between polls while the queue is empty.
	 * ---
	 * default: 1
	 * ---
	 *
	 * [--type=<type>]
	 * : Only process jobs of this type (comma-separated for several).
	 *
	 * ## EXAMPLES
	 *
	 *     # Under systemd or supervisor
	 *     wp iacp work --memory-limit=256
	 *
	 *     # From a system cron line, every minute
	 *     wp iacp work --once --time-limit=55
	 *
	 * @param list<string>         $args  Positional arguments (none).
	 * @param array<string, mixed> $assoc Flags.
	 */
	public function __invoke( array $args, array $assoc ): void {
		$stop   = new StopSignal();
		$budget = WorkerOptions::budget( $assoc, RunnerBudget::CLI, $stop );
		if ( is_string( $budget ) ) {
			WP_CLI::error( $budget );
		}
		SignalTrap::install( $stop );
		self::restore_memory_limit();
		$log = new WorkerLog( static fn( string $line ) => WP_CLI::log( $line ) );
		$log->attach();
		$summary = $this->runner->run( $budget );
		$log->detach();
		WP_CLI::success( self::describe( $summary->to_array() ) );
	}

	/**
	 * WP-CLI lifts PHP's memory_limit to unlimited once WordPress is loaded. A worker runs jobs of any size for hours:
	 * it goes back to the limit PHP was started with (php.ini or `php -d`), so a runaway job stops at that limit and
	 * is recorded, as under bin/iacp-worker.php, instead of taking the server's memory.
	 */
	private static function restore_memory_limit(): void {
		$setting = ini_get_all( null, true );
		$started = is_array( $setting ) && is_array( $setting['memory_limit'] ?? null ) ? (string) ( $setting['memory_limit']['global_value'] ?? '' ) : '';
		if ( '-1' === (string) ini_get( 'memory_limit' ) && '' !== $started && wp_convert_hr_to_bytes( $started ) > 0 ) {
			ini_set( 'memory_limit', $started ); // phpcs:ignore Squiz.PHP.DiscouragedFunctions.Discouraged, WordPress.PHP.IniSet.memory_limit_Blacklisted -- the limit PHP was started with.
		}
	}

	/**
	 * @param array<string, mixed> $summary RunSummary::to_array().
	 */
	public static function describe( array $summary ): string {
		$parts = array();
		foreach ( (array) $summary['outcomes'] as $outcome => $count ) {
			$parts[] = "{$outcome} {$count}";
		}
		return sprintf(
			'Processed %d job(s)%s in %.1f s; stopped: %s.',
			$summary['processed'],
			array() === $parts ? '' : ' (' . implode( ', ', $parts ) . ')',
			$summary['seconds'],
			$summary['stop_reason']
		);
	}
}
