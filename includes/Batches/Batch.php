<?php
/**
 * One batch as stored: an immutable snapshot of its row.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Batches;

final class Batch {

	/**
	 * @param array<string, mixed> $spec The filter (`filter`) or the ID list (`post_ids`) it was started with.
	 */
	public function __construct(
		public readonly int $id,
		public readonly int $user_id,
		public readonly string $action,
		public readonly string $mode,
		public readonly string $status,
		public readonly ?string $pause_reason,
		public readonly ?int $resume_at,
		public readonly string $post_type,
		public readonly array $spec,
		public readonly bool $replace,
		public readonly int $cursor,
		public readonly bool $planned_all,
		public readonly int $total,
		public readonly ?int $driver_job_id,
		public readonly int $created_at,
		public readonly int $updated_at,
		public readonly ?int $finished_at,
		public readonly int $step_generation = 0
	) {}

	/**
	 * @param array<string, mixed> $row A row of the batches table.
	 */
	public static function from_row( array $row ): self {
		$spec = json_decode( (string) $row['spec'], true );
		return new self(
			(int) $row['id'],
			(int) $row['user_id'],
			(string) $row['action'],
			(string) $row['mode'],
			(string) $row['status'],
			null === $row['pause_reason'] ? null : (string) $row['pause_reason'],
			null === $row['resume_at'] ? null : (int) $row['resume_at'],
			(string) $row['post_type'],
			is_array( $spec ) ? $spec : array(),
			(bool) $row['replace_existing'],
			(int) $row['cursor_id'],
			(bool) $row['planned_all'],
			(int) $row['total'],
			null === $row['driver_job_id'] ? null : (int) $row['driver_job_id'],
			(int) $row['created_at'],
			(int) $row['updated_at'],
			null === $row['finished_at'] ? null : (int) $row['finished_at'],
			(int) ( $row['step_generation'] ?? 0 )
		);
	}

	public function is_review(): bool {
		return 'review' === $this->mode;
	}
}
