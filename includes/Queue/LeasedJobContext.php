<?php
/**
 * The JobContext a handler gets: every write carries this worker's lease token and fails (LeaseLostException)
 * once another worker has taken the job over. A write that fails because the database went away waits for it to
 * come back (as long as the run may) and is made then, so a short outage does not cost the handler its work.
 * While the provider keeps the handler waiting, the stage says so (and the deadline still holds).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Jobs\DatabaseUnavailable;
use IACP\Jobs\Job;
use IACP\Jobs\JobCancelledException;
use IACP\Jobs\JobContext;
use IACP\Jobs\JobLog;
use IACP\Jobs\JobTimeoutException;
use IACP\Jobs\JobRepository;
use IACP\Jobs\JobStatus;
use IACP\Jobs\LeaseLostException;

final class LeasedJobContext implements JobContext {

	/** Seconds without a byte from the provider before the stage says it is waiting. */
	private const STALL_NOTICE_SECONDS = 5;

	/** The last stage a handler set (restored when the provider answers again). */
	private ?string $stage;

	/** Whole seconds of silence the stage shows now (0: it shows the handler's stage). */
	private int $shown_stall = 0;

	/** Log lines this attempt appended; every CAP-th write trims the stored log instead of appending. */
	private int $log_lines = 0;

	/** When this worker last wrote under its lease (microtime). */
	private float $last_write;

	/**
	 * @param int           $deadline     Unix time after which this attempt has run too long (claim time + time_limit()).
	 * @param DatabaseLink  $database     The runner's line to the database (waits through an outage).
	 * @param \Closure|null $on_heartbeat Called after each heartbeat (the runner keeps jobs waiting in its batch alive).
	 */
	public function __construct(
		private readonly JobRepository $repository,
		private readonly Job $job,
		private readonly string $lease_token,
		private readonly int $lease_seconds,
		private readonly int $deadline,
		private readonly DatabaseLink $database = new DatabaseLink(),
		private readonly ?\Closure $on_heartbeat = null
	) {
		$this->stage      = $job->stage;
		$this->last_write = microtime( true );
	}

	public function progress( int $percent, ?string $stage = null ): void {
		$changes = array( 'progress' => max( 0, min( 100, $percent ) ) );
		if ( null !== $stage ) {
			$changes['stage'] = mb_substr( $stage, 0, 191 );
			$this->stage      = $changes['stage'];
		}
		$this->write( $changes );
	}

	public function partial_output( string $output ): void {
		$this->write( array( 'partial_output' => $output ) );
	}

	public function heartbeat(): void {
		$this->check_deadline();
		$this->write( array() );
		if ( null !== $this->on_heartbeat ) {
			( $this->on_heartbeat )();
		}
		if ( $this->is_cancel_requested() ) {
			throw new JobCancelledException( 'The job was cancelled.' );
		}
	}

	/**
	 * Renews the lease while the handler waits on something that gives no progress of its own (a provider request
	 * that has not answered yet): a heartbeat once a third of the lease has passed since the last write, else
	 * nothing. provider_waiting() calls this about once a second while a provider request runs.
	 */
	public function keep_alive(): void {
		if ( microtime( true ) - $this->last_write >= max( 1, $this->lease_seconds / 3 ) ) {
			$this->heartbeat();
		}
	}

	public function is_cancel_requested(): bool {
		$cancel = false;
		$this->under_lease(
			function () use ( &$cancel ): bool {
				$state  = $this->repository->lease_state( $this->job->id, $this->lease_token );
				$cancel = $state['cancel_requested'];
				return $state['held'];
			}
		);
		return $cancel;
	}

	public function log( string $message, array $data = array() ): void {
		$attempt = $this->attempt();
		if ( 0 === ++$this->log_lines % JobLog::CAP ) {
			// A chatty handler: rewrite the log to its newest entries so it stays bounded.
			$this->modify( static fn( array $row ): array => array( 'log' => JobLog::append( $row['log'], $message, $attempt, $data ) ) );
			return;
		}
		$this->write( array( 'log' => JobLog::line( $message, $attempt, $data ) ) );
	}

	public function add_token_usage( int $prompt_tokens, int $completion_tokens ): void {
		$this->write(
			array(),
			array(
				'prompt_tokens'     => $prompt_tokens,
				'completion_tokens' => $completion_tokens,
			)
		);
	}

	public function checkpoint( array $values ): void {
		$this->modify(
			static function ( array $row ) use ( $values ): array {
				$result = null === $row['result'] ? array() : json_decode( (string) $row['result'], true );
				return array( 'result' => array_merge( is_array( $result ) ? $result : array(), $values ) );
			}
		);
	}

	public function attempt(): int {
		return $this->job->attempts;
	}

	/**
	 * Hooked to `iacp_provider_waiting` (about once a second while a provider request runs, and with 0 when it ends):
	 * enforces the deadline, renews the lease every third of it (keep_alive(): a slow but live request is never taken
	 * over) and, after a few silent seconds, shows in the stage how long the provider has kept the job waiting (a
	 * write that also extends the lease); the handler's own stage returns once the provider answers.
	 *
	 * @param float $silent_seconds Seconds since the provider last sent anything (or since the request started).
	 */
	public function provider_waiting( float $silent_seconds ): void {
		$silent = (int) floor( $silent_seconds );
		if ( $silent < self::STALL_NOTICE_SECONDS ) {
			if ( $this->shown_stall > 0 ) {
				$this->shown_stall = 0;
				$this->write( array( 'stage' => $this->stage ) );
			}
			if ( $silent_seconds > 0 ) {
				$this->check_deadline();
			}
			// However long the request takes, the lease stays this worker's (a heartbeat every third of it).
			$this->keep_alive();
			return;
		}
		$this->check_deadline();
		if ( $silent - $this->shown_stall >= self::STALL_NOTICE_SECONDS ) {
			$this->shown_stall = $silent;
			/* translators: %d: seconds. */
			$this->write( array( 'stage' => sprintf( __( 'Waiting for the AI provider: nothing received for %d s', 'iacp' ), $silent ) ) );
		}
		$this->keep_alive();
	}

	private function check_deadline(): void {
		if ( time() > $this->deadline ) {
			throw new JobTimeoutException( 'The job ran past its time limit.' );
		}
	}

	/**
	 * One statement under the lease, which it extends.
	 *
	 * @param array<string, mixed> $set Columns to set.
	 * @param array<string, int>   $add Token counters to add to.
	 */
	private function write( array $set, array $add = array() ): void {
		$this->under_lease( fn(): bool => $this->repository->lease_write( $this->job->id, $this->lease_token, $this->lease_seconds, $set, $add ) );
		$this->last_write = microtime( true );
	}

	/**
	 * @param callable(array<string, mixed>): array<string, mixed> $changes Gets the row, returns columns.
	 */
	private function modify( callable $changes ): void {
		$this->under_lease( fn(): bool => $this->repository->modify( $this->job->id, array( JobStatus::PROCESSING ), $changes, array( 'lease_token' => $this->lease_token ) ) );
	}

	/**
	 * Makes a write under the lease; when it changed nothing because the database is gone, waits and makes it again.
	 *
	 * @param \Closure(): bool $write The write.
	 */
	private function under_lease( \Closure $write ): void {
		while ( ! $write() ) {
			if ( ! $this->database->is_down() ) {
				throw new LeaseLostException( 'Another worker took this job over.' );
			}
			if ( ! $this->database->wait_until_up() ) {
				throw new DatabaseUnavailable( 'The database did not come back in time.' );
			}
		}
	}
}
