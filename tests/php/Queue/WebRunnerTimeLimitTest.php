<?php
/**
 * Web runners (the instant kick, POST /queue/run) on a host with a short max_execution_time, over real HTTP to the
 * test site: they stop taking jobs well before PHP's limit and never start a job they cannot finish — raising the
 * limit where the host allows it, else leaving longer jobs to other runners.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

use IACP\Jobs\JobStatus;
use IACP\Queue\RunnerBudget;
use IACP\REST\QueueController;

final class WebRunnerTimeLimitTest extends QueueTestCase {

	public function test_web_budgets_stop_taking_jobs_well_before_max_execution_time(): void {
		$before = (int) ini_get( 'max_execution_time' );
		try {
			foreach ( array(
				30 => 20.0,
				5  => 2.5,
			) as $max => $soft ) {
				set_time_limit( $max );
				foreach ( array( RunnerBudget::for_cron(), RunnerBudget::for_kick(), RunnerBudget::for_request( 25 ) ) as $budget ) {
					$this->assertSame( $soft, $budget->time_limit, "{$budget->source} under max_execution_time {$max}" );
					$this->assertNotNull( $budget->php_deadline );
					$this->assertLessThanOrEqual( microtime( true ) + $max, $budget->php_deadline, 'counted from the start of the request' );
				}
			}
		} finally {
			set_time_limit( $before );
		}
		$this->assertNull( RunnerBudget::for_kick()->php_deadline, 'no limit, no deadline' );
	}

	public function test_the_kick_never_starts_a_job_it_cannot_finish_when_the_host_forbids_raising_the_limit(): void {
		$long  = $this->enqueue( 'test_kick' );
		$quick = array();
		for ( $i = 0; $i < 6; $i++ ) {
			$quick[] = $this->enqueue( 'test_kick_quick', array( 'ms' => 1000 ) );
		}
		$this->assertSame( 200, $this->kick_on_a_host_allowing( 5 ), 'the request ended normally, not cut off by PHP' );

		$this->assertSame( JobStatus::PENDING, $this->job( $long )->status, 'the 60 s job was left for a runner with time for it' );
		$this->assertSame( 0, $this->job( $long )->attempts );
		$statuses = array_count_values( array_map( fn( $job ): string => $this->job( $job )->status, $quick ) );
		$this->assertArrayNotHasKey( JobStatus::PROCESSING, $statuses, 'every job it started, it finished' );
		$this->assertGreaterThanOrEqual( 1, $statuses[ JobStatus::COMPLETED ] ?? 0, 'it did run the jobs that fit' );
		$this->assertLessThanOrEqual( 3, $statuses[ JobStatus::COMPLETED ] ?? 0, '1 s jobs: none started in the last 3 s (its time limit and the margin) nor after half the limit' );
	}

	public function test_post_queue_run_raises_the_limit_where_the_host_allows_it_so_a_long_job_can_finish(): void {
		$long     = $this->enqueue( 'test_kick', array( 'report_time_limit' => true ) );
		$response = wp_remote_post(
			rest_url( 'iacp/v1/queue/run' ),
			array(
				'timeout' => 30,
				'headers' => array(
					QueueController::SECRET_HEADER   => iacp()->runner_secret()->get(),
					'X-IACP-Test-Max-Execution-Time' => '5',
				),
			)
		);
		$this->assertSame( 200, wp_remote_retrieve_response_code( $response ), wp_remote_retrieve_body( $response ) );
		$done = $this->job( $long );
		$this->assertSame( JobStatus::COMPLETED, $done->status );
		$this->assertSame( 62, $done->result['max_execution_time'] ?? null, 'raised to the job\'s 60 s limit plus the margin to store it' );
	}
}
