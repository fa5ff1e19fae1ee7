<?php
/**
 * What one Runner::run() did.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

final class RunSummary {

	public const STOP_EMPTY    = 'empty';
	public const STOP_TIME     = 'time';
	public const STOP_MEMORY   = 'memory';
	public const STOP_MAX_JOBS = 'max_jobs';
	public const STOP_SIGNAL   = 'signal';
	public const STOP_DISABLED = 'disabled';

	/**
	 * @param array<string, int> $outcomes Jobs per JobExecutor outcome.
	 * @param array<string, int> $reaped   Reaper counts, summed over passes.
	 */
	public function __construct(
		public readonly int $processed,
		public readonly array $outcomes,
		public readonly array $reaped,
		public readonly string $stop_reason,
		public readonly float $seconds
	) {}

	public function count( string $outcome ): int {
		return $this->outcomes[ $outcome ] ?? 0;
	}

	/**
	 * @return array<string, mixed>
	 */
	public function to_array(): array {
		return array(
			'processed'   => $this->processed,
			'outcomes'    => $this->outcomes,
			'reaped'      => $this->reaped,
			'stop_reason' => $this->stop_reason,
			'seconds'     => round( $this->seconds, 3 ),
		);
	}
}
