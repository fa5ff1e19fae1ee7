<?php
/**
 * The runner in this process: how each kind of handler ending is recorded, retries with backoff, cancel while
 * running, timeout versus a lost worker, budgets, and the retention purge.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

use IACP\Jobs\Job;
use IACP\Jobs\JobContext;
use IACP\Jobs\JobHandler;
use IACP\Jobs\JobStatus;
use IACP\Queue\RetentionPurger;
use IACP\Queue\RunnerBudget;
use IACP\Queue\RunnerLastSeen;
use IACP\Queue\RunSummary;
use IACP\Queue\StopSignal;
use IACP\Settings\Settings;

final class RunnerTest extends QueueTestCase {

	/** @var mixed */
	private $saved_settings;

	protected function setUp(): void {
		parent::setUp();
		$this->saved_settings = get_option( Settings::OPTION, null );
		( new Settings() )->update(
			array(
				'retry_base_seconds' => 5,
				'retry_cap_seconds'  => 60,
			)
		);
		if ( ! iacp()->job_types()->has( 'test_self_cancel' ) ) {
			iacp()->job_types()->register( 'test_self_cancel', new class() implements JobHandler {
				public function input_schema(): array {
					return array( 'type' => 'object' );
				}
				public function time_limit(): int {
					return 60;
				}
				public function default_max_attempts(): int {
					return 3;
				}
				public function handle( Job $job, JobContext $context ): array {
					$context->progress( 30, 'before cancel' );
					iacp()->job_queue()->cancel( iacp()->job_repository()->find( $job->id ) );
					$context->heartbeat();
					return array( 'should' => 'not complete' );
				}
			} );
		}
	}

	protected function tearDown(): void {
		null === $this->saved_settings ? delete_option( Settings::OPTION ) : update_option( Settings::OPTION, $this->saved_settings, false );
		parent::tearDown();
	}

	public function test_a_completed_job_stores_its_result_once(): void {
		$job     = $this->enqueue( 'test_count' );
		$summary = $this->run_queue( array( 'test_count' ) );
		$this->assertSame( 1, $summary->count( 'completed' ) );
		$this->assertSame( RunSummary::STOP_EMPTY, $summary->stop_reason );
		$done = $this->job( $job );
		$this->assertSame( JobStatus::COMPLETED, $done->status );
		$this->assertSame( array( 'counted' => true ), $done->result );
		$this->assertSame( 100, $done->progress );
		$this->assertNull( $done->lease_token );
		$this->assertNotNull( $done->finished_at );
		$this->assertCount( 1, $this->effects( $job ) );
		$seen = ( new RunnerLastSeen() )->get();
		$this->assertSame( 'cli', $seen['source'] ?? null );
	}

	public function test_permanent_error_fails_at_once(): void {
		$job = $this->enqueue( 'test_fail', array( 'mode' => 'permanent' ) );
		$this->assertSame( 1, $this->run_queue( array( 'test_fail' ) )->count( 'failed' ) );
		$failed = $this->job( $job );
		$this->assertSame( JobStatus::FAILED, $failed->status );
		$this->assertSame( 1, $failed->attempts );
		$this->assertSame( 'test_permanent', $failed->error_code );
		$this->assertSame( 'Refused for good.', $failed->error_message );
	}

	// One job per run below: full jitter may pick a delay of 0, and the same run would take the job again.
	public function test_retryable_error_backs_off_then_fails_when_attempts_are_spent(): void {
		$job = $this->enqueue( 'test_fail', array( 'mode' => 'retryable' ) );
		foreach ( array( 1 => 5, 2 => 10 ) as $attempt => $ceiling ) {
			$before = time();
			$this->assertSame( 1, $this->run_queue( array( 'test_fail' ), 1 )->count( 'retried' ), "attempt {$attempt} retried" );
			$waiting = $this->job( $job );
			$this->assertSame( JobStatus::PENDING, $waiting->status );
			$this->assertSame( $attempt, $waiting->attempts );
			$this->assertSame( 'test_retryable', $waiting->error_code );
			$this->assertGreaterThanOrEqual( $before, $waiting->available_at );
			// + 1: the retry's second is rounded up from the failure's microtime (never sooner than the backoff).
			$this->assertLessThanOrEqual( time() + $ceiling + 1, $waiting->available_at, "full jitter within {$ceiling} s" );
			$this->assertSame( 'Attempt failed; will retry.', $waiting->log[ count( $waiting->log ) - 1 ]['message'] );
			$this->force( $job, array( 'available_at' => time() ) );
		}
		$this->assertSame( 1, $this->run_queue( array( 'test_fail' ), 1 )->count( 'failed' ) );
		$failed = $this->job( $job );
		$this->assertSame( JobStatus::FAILED, $failed->status );
		$this->assertSame( 3, $failed->attempts );
		$this->assertSame( 'test_retryable', $failed->error_code );
		$this->assertCount( 3, $this->effects( $job ) );
	}

	public function test_retry_after_is_honoured(): void {
		$job = $this->enqueue( 'test_fail', array( 'mode' => 'retryable', 'retry_after' => 120 ) );
		$this->run_queue( array( 'test_fail' ), 1 );
		$this->assertEqualsWithDelta( time() + 120, $this->job( $job )->available_at, 2 );
	}

	public function test_a_plain_exception_is_retryable(): void {
		$job = $this->enqueue( 'test_fail', array( 'mode' => 'exception' ), array( 'max_attempts' => 2 ) );
		$this->run_queue( array( 'test_fail' ), 1 );
		$waiting = $this->job( $job );
		$this->assertSame( JobStatus::PENDING, $waiting->status );
		$this->assertSame( 'exception', $waiting->error_code );
		$this->assertStringStartsWith( 'The job stopped on an unexpected error.', (string) $waiting->error_message, 'words for the owner' );
		$this->assertStringStartsWith( 'RuntimeException: Something broke. in ', (string) ( $waiting->log[ count( $waiting->log ) - 1 ]['data']['detail'] ?? '' ), 'the detail for managers' );
		$this->force( $job, array( 'available_at' => time() ) );
		$this->run_queue( array( 'test_fail' ), 1 );
		$this->assertSame( JobStatus::FAILED, $this->job( $job )->status );
	}

	public function test_a_flaky_job_completes_on_a_later_attempt(): void {
		$job = $this->enqueue( 'test_fail', array( 'mode' => 'flaky', 'fail_times' => 2 ) );
		for ( $i = 0; $i < 3; $i++ ) {
			$this->run_queue( array( 'test_fail' ), 1 );
			$this->force( $job, array( 'available_at' => time() ) );
		}
		$done = $this->job( $job );
		$this->assertSame( JobStatus::COMPLETED, $done->status );
		$this->assertSame( array( 'succeeded_on' => 3 ), $done->result );
		$this->assertNull( $done->error_code, 'a completed job carries no error' );
	}

	public function test_cancel_while_running_is_seen_at_the_next_heartbeat(): void {
		$job = $this->enqueue( 'test_self_cancel' );
		$this->assertSame( 1, $this->run_queue( array( 'test_self_cancel' ) )->count( 'cancelled' ) );
		$cancelled = $this->job( $job );
		$this->assertSame( JobStatus::CANCELLED, $cancelled->status );
		$this->assertNull( $cancelled->result );
		$this->assertSame( 30, $cancelled->progress );
		$this->assertNotNull( $cancelled->finished_at );
	}

	public function test_timeout_fails_and_is_not_a_lost_worker(): void {
		$job = $this->enqueue( 'test_sleep_limited', array( 'ms' => 3000, 'step_ms' => 100 ) );
		$this->assertSame( 1, $this->run_queue( array( 'test_sleep_limited' ) )->count( 'failed' ) );
		$failed = $this->job( $job );
		$this->assertSame( JobStatus::FAILED, $failed->status );
		$this->assertSame( 'timeout', $failed->error_code );
		$this->assertSame( 1, $failed->attempts, 'a timeout is not retried' );
		$this->assertCount( 0, $this->effects( $job ) );
	}

	public function test_a_lost_worker_is_retried_then_fails_as_worker_lost(): void {
		$job = $this->enqueue( 'test_count', array(), array( 'max_attempts' => 2 ) );
		foreach ( array( JobStatus::PENDING, JobStatus::FAILED ) as $expected ) {
			$this->claim( array( 'test_count' ) );
			$this->force( $job, array( 'lease_expires_at' => time() - 1 ) );
			iacp()->runner()->run( new RunnerBudget( 'cli', 5, 0, 0, 0.0, 0.05, array( 'test_noop' ) ) );
			$after = $this->job( $job );
			$this->assertSame( $expected, $after->status );
			$this->assertSame( 'worker_lost', $after->error_code );
			$this->assertNull( $after->lease_token );
		}
		$this->assertCount( 0, $this->effects( $job ) );
	}

	public function test_budgets_stop_the_run(): void {
		for ( $i = 0; $i < 3; $i++ ) {
			$this->enqueue( 'test_noop' );
		}
		$max = $this->run_queue( array( 'test_noop' ), 2 );
		$this->assertSame( array( 2, RunSummary::STOP_MAX_JOBS ), array( $max->processed, $max->stop_reason ) );

		$stop = new StopSignal();
		$stop->request( 15 );
		$signalled = iacp()->runner()->run( new RunnerBudget( 'cli', 5, 0, 0, null, 0.05, array( 'test_noop' ), $stop ) );
		$this->assertSame( array( 0, RunSummary::STOP_SIGNAL ), array( $signalled->processed, $signalled->stop_reason ) );

		$memory = iacp()->runner()->run( new RunnerBudget( 'cli', 5, 1, 0, null, 0.05, array( 'test_noop' ) ) );
		$this->assertSame( array( 0, RunSummary::STOP_MEMORY ), array( $memory->processed, $memory->stop_reason ) );

		$this->run_queue( array( 'test_noop' ) );
		$started = microtime( true );
		$idle    = iacp()->runner()->run( new RunnerBudget( 'cli', 0.6, 0, 0, null, 0.1, array( 'test_noop' ) ) );
		$this->assertSame( RunSummary::STOP_TIME, $idle->stop_reason, 'a daemon polls until its time is up' );
		$this->assertEqualsWithDelta( 0.6, microtime( true ) - $started, 0.4 );
	}

	public function test_retention_purge_deletes_old_finished_jobs_in_batches(): void {
		$old_completed = array();
		for ( $i = 0; $i < 7; $i++ ) {
			$job = $this->enqueue( 'test_noop' );
			$this->force( $job, array( 'status' => 'completed', 'finished_at' => time() - 8 * DAY_IN_SECONDS ) );
			$old_completed[] = $job;
		}
		$young_completed = $this->enqueue( 'test_noop' );
		$this->force( $young_completed, array( 'status' => 'completed', 'finished_at' => time() - 6 * DAY_IN_SECONDS ) );
		$old_failed = $this->enqueue( 'test_noop' );
		$this->force( $old_failed, array( 'status' => 'failed', 'finished_at' => time() - 31 * DAY_IN_SECONDS ) );
		$young_failed = $this->enqueue( 'test_noop' );
		$this->force( $young_failed, array( 'status' => 'expired', 'finished_at' => time() - 20 * DAY_IN_SECONDS ) );
		$old_pending = $this->enqueue( 'test_noop' );
		$this->force( $old_pending, array( 'created_at' => time() - 90 * DAY_IN_SECONDS ) );

		$deleted = ( new RetentionPurger( iacp()->job_repository(), iacp()->queue_config() ) )->purge( 20.0, 3 );

		$this->assertSame( 8, $deleted );
		foreach ( array_merge( $old_completed, array( $old_failed ) ) as $job ) {
			$this->assertNull( iacp()->job_repository()->find( $job->id ) );
		}
		foreach ( array( $young_completed, $young_failed, $old_pending ) as $job ) {
			$this->assertNotNull( iacp()->job_repository()->find( $job->id ), 'young and unfinished jobs stay' );
		}
	}

	public function test_cron_schedules_the_minute_runner_and_the_daily_purge(): void {
		wp_clear_scheduled_hook( 'iacp_process_job_queue' );
		wp_clear_scheduled_hook( 'iacp_purge_jobs' );

		// What `init` runs for the plugin (firing all of `init` again would upset core).
		global $wp_filter;
		foreach ( $wp_filter['init']->callbacks as $callbacks ) {
			foreach ( $callbacks as $callback ) {
				if ( is_array( $callback['function'] ) && $callback['function'][0] instanceof \IACP\Queue\QueueCron ) {
					call_user_func( $callback['function'] );
				}
			}
		}

		$this->assertNotFalse( wp_next_scheduled( 'iacp_process_job_queue' ) );
		$this->assertSame( 'iacp_every_minute', wp_get_schedule( 'iacp_process_job_queue' ) );
		$this->assertSame( 60, wp_get_schedules()['iacp_every_minute']['interval'] );
		$this->assertNotFalse( wp_next_scheduled( 'iacp_purge_jobs' ) );
		$this->assertSame( 'daily', wp_get_schedule( 'iacp_purge_jobs' ) );
	}

	public function test_the_purge_event_deletes_old_finished_jobs(): void {
		$old = $this->enqueue( 'test_noop' );
		$this->force( $old, array( 'status' => 'cancelled', 'finished_at' => time() - 40 * DAY_IN_SECONDS ) );
		$young = $this->enqueue( 'test_noop' );
		$this->force( $young, array( 'status' => 'completed', 'finished_at' => time() - DAY_IN_SECONDS ) );

		do_action( 'iacp_purge_jobs' );

		$this->assertNull( iacp()->job_repository()->find( $old->id ) );
		$this->assertNotNull( iacp()->job_repository()->find( $young->id ) );
	}
}
