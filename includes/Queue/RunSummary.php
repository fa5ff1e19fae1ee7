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
	/** Nothing ran: every runner slot shared by the kick and POST /queue/run was taken. */
	public const STOP_BUSY = 'busy';
	/** A web runner found the database gone and left the queue to the next runner. */
	public const STOP_DATABASE = 'database';

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

	/**
	 * A run that did not start because enough runners are at work already.
	 */
	public static function busy(): self {
		return new self( 0, array(), array(), self::STOP_BUSY, 0.0 );
	}

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
