<?php
/**
 * Notices when the job a runner is running stops the whole PHP process — memory exhausted, max_execution_time
 * reached, a fatal error, an exit() — and has what happened recorded on that job at once (from a shutdown handler),
 * instead of the job sitting in `processing` until its lease runs out.
 *
 * The recording itself is the executor's (JobExecutor::crashed()); this class only watches the attempt, reads PHP's
 * last error, and makes room (memory) to record it. WordPress's own fatal-error handler may run first and show its
 * "critical error" page through wp_die(): that call is caught too, so the order of shutdown handlers does not matter.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Jobs\Job;

final class FatalErrorMonitor {

	public const MEMORY = 'memory';
	public const TIME   = 'time';
	public const FATAL  = 'fatal';
	public const EXIT   = 'exit';

	private const FATAL_TYPES = E_ERROR | E_PARSE | E_CORE_ERROR | E_COMPILE_ERROR | E_USER_ERROR | E_RECOVERABLE_ERROR;

	/** Memory set aside once, given back before recording a crash. */
	private const RESERVE_BYTES = 262144;

	private ?Job $job = null;

	/** @var (\Closure(string, string, string): string)|null Records the crash: cause, words, detail → outcome. */
	private ?\Closure $record = null;

	private ?string $reserve = null; // @phpstan-ignore property.onlyWritten (held only to be given back)

	private bool $installed = false;

	private bool $handled = false;

	/**
	 * Watches one attempt until release().
	 *
	 * @param \Closure(string, string, string): string $record Records the crash (cause, words, detail); returns the outcome.
	 */
	public function watch( Job $job, \Closure $record ): void {
		$this->install();
		$this->job    = $job;
		$this->record = $record;
	}

	public function release(): void {
		$this->job    = null;
		$this->record = null;
	}

	public function watching(): ?Job {
		return $this->job;
	}

	/**
	 * The shutdown handler. Public so that bin/iacp-worker.php can run it before WordPress's own.
	 */
	public function on_shutdown(): void {
		$job    = $this->job;
		$record = $this->record;
		if ( null === $job || null === $record || $this->handled ) {
			return;
		}
		$this->handled = true;
		$limits        = array( (string) ini_get( 'memory_limit' ), (int) ini_get( 'max_execution_time' ) );
		$this->make_room();
		$error                      = error_get_last();
		$fatal                      = is_array( $error ) && 0 !== ( $error['type'] & self::FATAL_TYPES ) ? $error : null;
		[ $cause, $words, $detail ] = self::describe( $fatal, ...$limits );
		$this->release();
		try {
			$outcome = $record( $cause, $words, $detail );
		} catch ( \Throwable $unrecorded ) {
			// The database may be the reason the process is going down; the reaper will find the job later.
			$outcome = JobExecutor::LEASE_LOST;
		}
		/**
		 * Fires after the job a runner was running stopped the PHP process and that was recorded on the job.
		 *
		 * @param Job    $job     The job as claimed.
		 * @param string $outcome What was recorded: retried, failed, cancelled (or lease_lost when nothing could be).
		 * @param string $words   What happened, in words.
		 */
		do_action( 'iacp_worker_stopped', $job, $outcome, $words );
	}

	/**
	 * While a job is watched, WordPress's "critical error" page (wp_die from its fatal-error handler) records the
	 * crash first; the page itself is left to the handler WordPress would use.
	 *
	 * @param callable $handler The wp_die handler WordPress would use.
	 */
	public function die_handler( $handler ): callable {
		return function ( $message, $title = '', $args = array() ) use ( $handler ) {
			if ( null !== $this->job && $message instanceof \WP_Error && 'internal_server_error' === $message->get_error_code() ) {
				$this->on_shutdown();
			}
			return call_user_func( $handler, $message, $title, $args );
		};
	}

	/**
	 * What stopped the process: [cause, words for the job's owner, detail for managers].
	 *
	 * @param array{type: int, message: string, file: string, line: int}|null $error PHP's last fatal error, if any.
	 * @param string                                                         $memory_limit       PHP's memory_limit when it happened.
	 * @param int                                                            $max_execution_time PHP's max_execution_time then.
	 * @return array{0: string, 1: string, 2: string}
	 */
	public static function describe( ?array $error, string $memory_limit, int $max_execution_time ): array {
		if ( null === $error ) {
			return array( self::EXIT, __( 'it ended the PHP process running it', 'iacp' ), 'exit() or die() during the job' );
		}
		$detail = sprintf( '%s in %s:%d', $error['message'], $error['file'], $error['line'] );
		if ( str_starts_with( $error['message'], 'Allowed memory size' ) ) {
			/* translators: %s: PHP's memory_limit, e.g. 256M. */
			return array( self::MEMORY, sprintf( __( 'it needed more memory than PHP allows (memory_limit %s)', 'iacp' ), $memory_limit ), $detail );
		}
		if ( str_starts_with( $error['message'], 'Maximum execution time' ) ) {
			/* translators: %d: seconds. */
			return array( self::TIME, sprintf( __( 'it ran past PHP\'s time limit for one request (max_execution_time %d s)', 'iacp' ), $max_execution_time ), $detail );
		}
		return array( self::FATAL, __( 'it hit a PHP fatal error', 'iacp' ), $detail );
	}

	private function install(): void {
		if ( $this->installed ) {
			return;
		}
		$this->installed = true;
		$this->reserve   = str_repeat( ' ', self::RESERVE_BYTES );
		register_shutdown_function( array( $this, 'on_shutdown' ) );
		WpDieHandlers::wrap( array( $this, 'die_handler' ), PHP_INT_MAX - 1 );
	}

	/**
	 * Gives back the reserve and lifts the memory limit a little, so recording never runs out of memory itself.
	 */
	private function make_room(): void {
		$this->reserve = null;
		$limit         = wp_convert_hr_to_bytes( (string) ini_get( 'memory_limit' ) );
		if ( $limit > 0 ) {
			ini_set( 'memory_limit', (string) ( $limit + 32 * MB_IN_BYTES ) ); // phpcs:ignore Squiz.PHP.DiscouragedFunctions.Discouraged, WordPress.PHP.IniSet.memory_limit_Blacklisted -- room to record the crash after the limit was hit.
		}
	}
}
