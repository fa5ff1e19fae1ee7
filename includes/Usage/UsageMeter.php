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

	public function __construct( private readonly UsageLedger $ledger ) {}

	/**
	 * @return array<string, mixed> The handler's result.
	 */
	public function handle( JobHandler $handler, Job $job, JobContext $context ): array {
		$metered = new MeteredJobContext( $context, $job, $this->ledger );
		try {
			return $handler->handle( $job, $metered );
		} finally {
			$metered->settle();
		}
	}
}
