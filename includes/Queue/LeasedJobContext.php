<?php
/**
 * The JobContext a handler gets: every write carries this worker's lease token and fails (LeaseLostException)
 * once another worker has taken the job over.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Jobs\Job;
use IACP\Jobs\JobCancelledException;
use IACP\Jobs\JobContext;
use IACP\Jobs\JobLog;
use IACP\Jobs\JobTimeoutException;
use IACP\Jobs\JobRepository;
use IACP\Jobs\JobStatus;
use IACP\Jobs\LeaseLostException;

final class LeasedJobContext implements JobContext {

	/**
	 * @param int $deadline Unix time after which this attempt has run too long (claim time + time_limit()).
	 */
	public function __construct(
		private readonly JobRepository $repository,
		private readonly Job $job,
		private readonly string $lease_token,
		private readonly int $lease_seconds,
		private readonly int $deadline
	) {}

	public function progress( int $percent, ?string $stage = null ): void {
		$changes = array( 'progress' => max( 0, min( 100, $percent ) ) );
		if ( null !== $stage ) {
			$changes['stage'] = mb_substr( $stage, 0, 191 );
		}
		$this->write( $changes );
	}

	public function partial_output( string $output ): void {
		$this->write( array( 'partial_output' => $output ) );
	}

	public function heartbeat(): void {
		if ( time() > $this->deadline ) {
			throw new JobTimeoutException( 'The job ran past its time limit.' );
		}
		$this->write( array() );
		if ( $this->is_cancel_requested() ) {
			throw new JobCancelledException( 'The job was cancelled.' );
		}
	}

	public function is_cancel_requested(): bool {
		$state = $this->repository->lease_state( $this->job->id, $this->lease_token );
		if ( ! $state['held'] ) {
			throw new LeaseLostException( 'Another worker took this job over.' );
		}
		return $state['cancel_requested'];
	}

	public function log( string $message, array $data = array() ): void {
		$attempt = $this->attempt();
		$this->modify( static fn( array $row ): array => array( 'log' => JobLog::append( $row['log'], $message, $attempt, $data ) ) );
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
	 * One statement under the lease, which it extends.
	 *
	 * @param array<string, mixed> $set Columns to set.
	 * @param array<string, int>   $add Token counters to add to.
	 */
	private function write( array $set, array $add = array() ): void {
		if ( ! $this->repository->lease_write( $this->job->id, $this->lease_token, $this->lease_seconds, $set, $add ) ) {
			throw new LeaseLostException( 'Another worker took this job over.' );
		}
	}

	/**
	 * @param callable(array<string, mixed>): array<string, mixed> $changes Gets the row, returns columns.
	 */
	private function modify( callable $changes ): void {
		if ( ! $this->repository->modify( $this->job->id, array( JobStatus::PROCESSING ), $changes, array( 'lease_token' => $this->lease_token ) ) ) {
			throw new LeaseLostException( 'Another worker took this job over.' );
		}
	}
}
