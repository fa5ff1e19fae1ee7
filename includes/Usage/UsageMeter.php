<?php
/**
 * Runs one attempt of a job's handler with its spending metered (MeteredJobContext), and settles the attempt's
 * estimate however the handler ended — returned, threw, was cancelled, timed out or lost its lease.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Usage;

use IACP\Jobs\Job;
use IACP\Jobs\JobContext;
use IACP\Jobs\JobHandler;

final class UsageMeter {

	/** The attempt being metered now, so a worker that dies mid-attempt can still charge it (settle_interrupted()). */
	private ?MeteredJobContext $running = null;

	public function __construct( private readonly UsageLedger $ledger ) {}

	/**
	 * @return array<string, mixed> The handler's result.
	 */
	public function handle( JobHandler $handler, Job $job, JobContext $context ): array {
		$metered       = new MeteredJobContext( $context, $job, $this->ledger );
		$this->running = $metered;
		try {
			return $handler->handle( $job, $metered );
		} finally {
			$this->running = null;
			$metered->settle();
		}
	}

	/**
	 * Settles the attempt a fatal error or exit() stopped (no finally block runs then): what it streamed is charged.
	 */
	public function settle_interrupted(): void {
		$running       = $this->running;
		$this->running = null;
		$running?->settle();
	}
}
