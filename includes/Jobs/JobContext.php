<?php
/**
 * What a running handler may tell the queue and ask of it. Every write carries the worker's lease token, so a
 * worker whose lease was taken over changes nothing.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

interface JobContext {

	/**
	 * Records progress (0–100) and optionally the stage in words; also extends the lease.
	 */
	public function progress( int $percent, ?string $stage = null ): void;

	/**
	 * Replaces the partial output users see while the job runs; also extends the lease.
	 */
	public function partial_output( string $output ): void;

	/**
	 * Extends the lease. Throws JobCancelledException when a cancel was asked for, and LeaseLostException
	 * when another worker took the job over.
	 */
	public function heartbeat(): void;

	public function is_cancel_requested(): bool;

	/**
	 * Adds a line to the job's capped log.
	 *
	 * @param array<string, scalar|null> $data Small structured details.
	 */
	public function log( string $message, array $data = array() ): void;

	/**
	 * Adds AI tokens this attempt used to the job's totals.
	 */
	public function add_token_usage( int $prompt_tokens, int $completion_tokens ): void;

	/**
	 * Merges keys into the job's stored result while it runs (a stage's outcome that must survive a crash,
	 * such as "image 2 is attachment 41"). Later attempts read it back from Job::$result.
	 *
	 * @param array<string, mixed> $values Keys to set.
	 */
	public function checkpoint( array $values ): void;

	/**
	 * The attempt number this worker runs, from 1.
	 */
	public function attempt(): int;
}
