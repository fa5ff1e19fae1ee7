<?php
/**
 * `wp iacp work`: runs the job queue in this process.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\CLI;

use IACP\Jobs\Job;
use IACP\Queue\Runner;
use IACP\Queue\RunnerBudget;
use IACP\Queue\StopSignal;
use WP_CLI;

final class WorkCommand {

	public function __construct( private readonly Runner $runner ) {}

	/**
	 * Processes queued AI jobs: a daemon by default; SIGTERM or SIGINT finishes the current job, then exits 0.
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
		$log = static function ( Job $job, string $outcome ): void {
			WP_CLI::log( sprintf( '%s  %s  %s  attempt %d', gmdate( 'H:i:s' ), $job->public_id, $job->type . ': ' . $outcome, $job->attempts ) );
		};
		add_action( 'iacp_job_processed', $log, 10, 2 );
		$summary = $this->runner->run( $budget );
		remove_action( 'iacp_job_processed', $log, 10 );
		WP_CLI::success( self::describe( $summary->to_array() ) );
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
