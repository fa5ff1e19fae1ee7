<?php
/**
 * A handler that must wait for a shared limit (DeferJob) puts its job back without spending an attempt.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

use IACP\Jobs\DeferJob;
use IACP\Jobs\Job;
use IACP\Jobs\JobContext;
use IACP\Jobs\JobHandler;
use IACP\Jobs\JobStatus;
use IACP\Queue\JobExecutor;

final class DeferJobTest extends QueueTestCase {

	private const TYPE = 'test_defer_in_process';

	protected function setUp(): void {
		parent::setUp();
		if ( ! iacp()->job_types()->has( self::TYPE ) ) {
			iacp()->job_types()->register(
				self::TYPE,
				new class() implements JobHandler {
					public function input_schema(): array {
						return array( 'type' => 'object' );
					}

					public function time_limit(): int {
						return 10;
					}

					public function default_max_attempts(): int {
						return 1;
					}

					public function handle( Job $job, JobContext $context ): array {
						throw new DeferJob( 30, 'All provider slots are taken.' );
					}
				}
			);
		}
	}

	public function test_a_deferred_job_waits_pending_without_spending_its_attempt(): void {
		$job    = $this->enqueue( self::TYPE );
		$before = time();

		$summary = $this->run_queue( array( self::TYPE ), 1 );
		$waiting = $this->job( $job );

		$this->assertSame( 1, $summary->count( JobExecutor::DEFERRED ), 'the run counts a deferral' );
		$this->assertSame( 0, $summary->count( JobExecutor::RETRIED ), 'and not as a retry' );

		$this->assertSame( JobStatus::PENDING, $waiting->status, 'a single-attempt job is not failed by waiting' );
		$this->assertSame( 0, $waiting->attempts );
		$this->assertGreaterThanOrEqual( $before + 30, $waiting->available_at );
		$this->assertGreaterThan( $waiting->available_at, $waiting->expires_at, 'it does not expire while it waits' );
		$this->assertNull( $waiting->lease_token );
		$messages = array_column( $waiting->log, 'message' );
		$this->assertSame( 'Deferred: All provider slots are taken.', end( $messages ) );
	}
}
