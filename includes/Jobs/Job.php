<?php
/**
 * One job as stored: an immutable snapshot of its row. Times are Unix timestamps (UTC), null when not reached.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

final class Job {

	/**
	 * @param array<string, mixed>      $input   Validated input.
	 * @param array<string, mixed>|null $result  Result (or checkpoints while running).
	 * @param list<array<string, mixed>> $log    Capped log: { time, attempt, message, data }.
	 */
	public function __construct(
		public readonly int $id,
		public readonly string $public_id,
		public readonly int $user_id,
		public readonly ?int $post_id,
		public readonly string $type,
		public readonly string $status,
		public readonly int $priority,
		public readonly int $attempts,
		public readonly int $max_attempts,
		public readonly int $available_at,
		public readonly ?string $lease_token,
		public readonly ?int $lease_expires_at,
		public readonly ?int $heartbeat_at,
		public readonly bool $cancel_requested,
		public readonly int $progress,
		public readonly ?string $stage,
		public readonly ?string $partial_output,
		public readonly array $input,
		public readonly ?array $result,
		public readonly ?string $error_code,
		public readonly ?string $error_message,
		public readonly ?string $idempotency_key,
		public readonly int $prompt_tokens,
		public readonly int $completion_tokens,
		public readonly int $created_at,
		public readonly ?int $started_at,
		public readonly ?int $finished_at,
		public readonly int $expires_at,
		public readonly int $updated_at,
		public readonly array $log = array()
	) {}

	public function is_finished(): bool {
		return JobStatus::is_finished( $this->status );
	}
}
