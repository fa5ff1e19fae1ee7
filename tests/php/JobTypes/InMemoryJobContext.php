<?php
/**
 * A JobContext test double that keeps every call in memory (handler logic without the queue engine).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\JobTypes;

use IACP\Jobs\Job;
use IACP\Jobs\JobContext;

final class InMemoryJobContext implements JobContext {

	/** @var list<array{0: int, 1: ?string}> */
	public array $progress = array();

	/** @var list<array{0: float, 1: string}> Partial outputs with their microtime. */
	public array $partials = array();

	public int $heartbeats = 0;

	public bool $cancel = false;

	/** @var list<string> */
	public array $logs = array();

	public int $prompt_tokens = 0;

	public int $completion_tokens = 0;

	/** @var array<string, mixed> The stored result, as checkpoints leave it. */
	public array $result;

	/** @var list<array<string, mixed>> Every checkpoint call. */
	public array $checkpoints = array();

	/**
	 * @param array<string, mixed> $result Result the job already had.
	 */
	public function __construct( private readonly int $attempt = 1, array $result = array() ) {
		$this->result = $result;
	}

	public function progress( int $percent, ?string $stage = null ): void {
		$this->progress[] = array( $percent, $stage );
	}

	public function partial_output( string $output ): void {
		$this->partials[] = array( microtime( true ), $output );
	}

	public function heartbeat(): void {
		++$this->heartbeats;
		if ( $this->cancel ) {
			throw new \IACP\Jobs\JobCancelledException( 'cancelled' );
		}
	}

	public function is_cancel_requested(): bool {
		return $this->cancel;
	}

	public function log( string $message, array $data = array() ): void {
		$this->logs[] = $message;
	}

	public function add_token_usage( int $prompt_tokens, int $completion_tokens ): void {
		$this->prompt_tokens     += $prompt_tokens;
		$this->completion_tokens += $completion_tokens;
	}

	public function checkpoint( array $values ): void {
		$this->checkpoints[] = $values;
		$this->result        = array_merge( $this->result, $values );
	}

	public function attempt(): int {
		return $this->attempt;
	}

	/**
	 * A job snapshot as the queue would hand it to a handler.
	 *
	 * @param array<string, mixed>      $input  Input.
	 * @param array<string, mixed>|null $result Stored result / checkpoints.
	 */
	public static function job( string $type, array $input, ?int $post_id = null, ?array $result = null, int $attempts = 1, string $public_id = '', int $user_id = 1 ): Job {
		$now = time();
		return new Job(
			1,
			'' === $public_id ? wp_generate_uuid4() : $public_id,
			$user_id,
			$post_id,
			$type,
			'processing',
			10,
			$attempts,
			3,
			$now,
			'lease',
			$now + 60,
			$now,
			false,
			0,
			null,
			null,
			$input,
			$result,
			null,
			null,
			null,
			0,
			0,
			$now,
			$now,
			null,
			$now + 900,
			$now
		);
	}
}
