<?php
/**
 * What a worker prints, the same for `wp iacp work` and bin/iacp-worker.php: a line per job handled (unless quiet),
 * a line when the database goes and one when it returns, and — when a job stops the worker's process — one plain
 * line on stderr, then exit code 255 so systemd or supervisor start a fresh worker. Never an HTML page.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\CLI;

use IACP\Jobs\Job;

final class WorkerLog {

	/** Exit code of a worker that a job stopped (PHP's own code for a fatal error). */
	public const CRASH_EXIT_CODE = 255;

	/**
	 * @param \Closure(string): void $out Writes one line to stdout.
	 * @param bool                   $jobs Whether to print a line per job.
	 */
	public function __construct( private readonly \Closure $out, private readonly bool $jobs = true ) {}

	public function attach(): void {
		if ( $this->jobs ) {
			add_action( 'iacp_job_processed', array( $this, 'job' ), 10, 2 );
		}
		add_action( 'iacp_database_unavailable', array( $this, 'database_unavailable' ) );
		add_action( 'iacp_database_available', array( $this, 'database_available' ) );
		add_action( 'iacp_worker_stopped', array( $this, 'worker_stopped' ), 10, 3 );
	}

	public function detach(): void {
		remove_action( 'iacp_job_processed', array( $this, 'job' ), 10 );
		remove_action( 'iacp_database_unavailable', array( $this, 'database_unavailable' ) );
		remove_action( 'iacp_database_available', array( $this, 'database_available' ) );
		remove_action( 'iacp_worker_stopped', array( $this, 'worker_stopped' ), 10 );
	}

	public function job( Job $job, string $outcome ): void {
		$this->line( sprintf( '%s  %s: %s  attempt %d', $job->public_id, $job->type, $outcome, $job->attempts ) );
	}

	public function database_unavailable( string $error ): void {
		$this->line( sprintf( 'database unavailable (%s); reconnecting', self::plain( $error ) ) );
	}

	public function database_available( float $seconds ): void {
		$this->line( sprintf( 'database back after %.1f s; carrying on', $seconds ) );
	}

	/**
	 * Runs from the shutdown handler: the one line, then the exit code.
	 */
	public function worker_stopped( Job $job, string $outcome, string $words ): void {
		$next = match ( $outcome ) {
			'retried' => 'it will run again',
			'failed' => 'it failed',
			'cancelled' => 'it was cancelled',
			default => 'it could not be recorded; it will run again when its lease runs out',
		};
		fwrite( STDERR, sprintf( "%s  worker stopped by job %s (%s, attempt %d of %d): %s; %s. Exiting with code %d.\n", gmdate( 'H:i:s' ), $job->public_id, $job->type, $job->attempts, $job->max_attempts, self::plain( $words ), $next, self::CRASH_EXIT_CODE ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite, WordPress.WP.AlternativeFunctions.file_system_read_fwrite, WordPress.Security.EscapeOutput.OutputNotEscaped -- plain text on a worker's stderr.
		exit( self::CRASH_EXIT_CODE ); // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- an exit code; it also ends the shutdown handlers, so no HTML error page follows the line.
	}

	private function line( string $text ): void {
		( $this->out )( gmdate( 'H:i:s' ) . '  ' . $text );
	}

	/**
	 * One line of plain text: no markup, no line breaks.
	 */
	private static function plain( string $text ): string {
		return trim( (string) preg_replace( '/\s+/', ' ', wp_strip_all_tags( $text ) ) );
	}
}
