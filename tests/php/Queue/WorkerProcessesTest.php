<?php
/**
 * Real worker processes against the real MariaDB site: several workers draining one queue, a worker killed
 * mid-job, a worker asked to stop, and the instant kick through the running web server.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

use IACP\Jobs\JobStatus;
use IACP\Queue\InstantKick;

final class WorkerProcessesTest extends QueueTestCase {

	private const JOBS = 2000;

	public function test_four_workers_drain_the_queue_and_complete_every_job_exactly_once(): void {
		for ( $i = 0; $i < self::JOBS; $i++ ) {
			$this->enqueue( 'test_count', array( 'n' => $i ) );
		}
		$wp_path  = self::env()['wp_path'];
		$flags    = array( '--once', '--type=test_count', '--sleep=0.05' );
		$log_file = (string) self::env()['debug_log'];
		clearstatcache();
		$log_from = is_file( $log_file ) ? (int) filesize( $log_file ) : 0;
		$workers = array(
			Process::worker( $wp_path, array_merge( $flags, array( '--quiet' ) ) ),
			Process::worker( $wp_path, array_merge( $flags, array( '--quiet' ) ) ),
			Process::wp( $wp_path, array_merge( array( 'iacp', 'work' ), $flags ) ),
			Process::wp( $wp_path, array_merge( array( 'iacp', 'work' ), $flags ) ),
		);
		$pids = array();
		foreach ( $workers as $i => $worker ) {
			$pids[] = $worker->pid();
		}
		foreach ( $workers as $i => $worker ) {
			$this->assertSame( 0, $worker->wait( 150 ), "worker {$i} exits 0: " . $worker->stderr() );
		}

		global $wpdb;
		$statuses = $wpdb->get_results( 'SELECT status, COUNT(*) AS n FROM ' . $this->jobs_table() . ' GROUP BY status', ARRAY_A ); // phpcs:ignore
		$this->assertSame( array( array( 'status' => 'completed', 'n' => (string) self::JOBS ) ), $statuses, 'every job completed, none lost' );
		$effects = $wpdb->get_row( 'SELECT COUNT(*) AS executions, COUNT(DISTINCT job_public_id) AS jobs, COUNT(DISTINCT pid) AS workers FROM ' . iacptest_effects_table(), ARRAY_A ); // phpcs:ignore
		$this->assertSame( (string) self::JOBS, $effects['executions'], 'no job ran twice' );
		$this->assertSame( (string) self::JOBS, $effects['jobs'] );
		$this->assertGreaterThanOrEqual( 2, (int) $effects['workers'], 'the work was shared' );
		$attempts = (int) $wpdb->get_var( 'SELECT MAX(attempts) FROM ' . $this->jobs_table() ); // phpcs:ignore
		$this->assertSame( 1, $attempts );
		clearstatcache();
		$logged = is_file( $log_file ) ? (string) file_get_contents( $log_file, false, null, $log_from ) : '';
		$this->assertStringNotContainsString( 'database error', $logged, 'lost claim races are not logged as errors' );
	}

	public function test_a_job_whose_worker_was_killed_is_recovered_after_its_lease_and_completes_once(): void {
		$job     = $this->enqueue( 'test_sleep_short_lease', array( 'ms' => 2500, 'step_ms' => 100 ) );
		$wp_path = self::env()['wp_path'];
		$victim  = Process::worker( $wp_path, array( '--max-jobs=1', '--type=test_sleep_short_lease', '--sleep=0.1', '--time-limit=20' ) );
		$this->wait_until( fn() => $this->job( $job )->progress > 1, 15, 'the first worker is running the job' );
		$victim->signal( 9 );
		$victim->wait( 5 );
		$running = $this->job( $job );
		$this->assertSame( JobStatus::PROCESSING, $running->status, 'a killed worker leaves its job processing' );
		$this->assertSame( 1, $running->attempts );

		$rescuer = Process::worker( $wp_path, array( '--max-jobs=1', '--type=test_sleep_short_lease', '--sleep=0.2', '--time-limit=30' ) );
		$this->assertSame( 0, $rescuer->wait( 40 ), $rescuer->stderr() );
		$done = $this->job( $job );
		$this->assertSame( JobStatus::COMPLETED, $done->status, $rescuer->stdout() );
		$this->assertSame( 2, $done->attempts );
		$effects = $this->effects( $job );
		$this->assertCount( 1, $effects, 'completed exactly once' );
		$this->assertSame( '2', (string) $effects[0]['attempt'] );
		$this->assertContains( 'Worker lost; will retry.', array_column( $done->log, 'message' ) );
	}

	public function test_sigterm_finishes_the_current_job_then_exits_zero(): void {
		$job    = $this->enqueue( 'test_sleep', array( 'ms' => 1500, 'step_ms' => 50 ) );
		$worker = Process::wp( self::env()['wp_path'], array( 'iacp', 'work', '--type=test_sleep', '--sleep=0.1' ) );
		$this->wait_until( fn() => $this->job( $job )->progress > 1, 15, 'the worker started the job' );
		$worker->signal( 15 );
		$this->assertSame( 0, $worker->wait( 15 ), 'exit code 0: ' . $worker->stderr() );
		$this->assertStringContainsString( 'stopped: signal', $worker->stdout() );
		$done = $this->job( $job );
		$this->assertSame( JobStatus::COMPLETED, $done->status, 'the current job was finished, not abandoned' );
		$this->assertCount( 1, $this->effects( $job ) );
	}

	public function test_the_instant_kick_starts_a_job_through_the_site_without_cron(): void {
		$env = self::env();
		remove_filter( 'iacp_instant_kick', '__return_false' );
		wp_cache_delete( 'iacp_runner_secret', 'options' );
		iacp()->instant_kick()->reset_throttle();
		$this->assertStringStartsWith( $env['url'] . '/', iacp()->instant_kick()->url(), 'the kick goes to the real site' );

		$started = microtime( true );
		$id      = iacp_enqueue_job( 'test_kick', array() );
		$this->assertIsString( $id );
		$job = iacp()->job_queue()->find( $id );
		$this->wait_until( fn() => JobStatus::COMPLETED === $this->job( $job )->status, 10, 'the kicked job completed' );
		$done = $this->job( $job );
		$this->assertLessThan( 10, microtime( true ) - $started );
		$this->assertSame( 'kick', $done->log[1]['data']['runner'] ?? null, 'run by the kick runner: ' . wp_json_encode( $done->log ) );
	}

	public function test_a_kick_runner_with_a_backlog_brings_in_a_second_kick_runner(): void {
		remove_filter( 'iacp_instant_kick', '__return_false' );
		wp_cache_delete( 'iacp_runner_secret', 'options' );
		iacp()->instant_kick()->reset_throttle();
		$jobs = array();
		for ( $i = 0; $i < 4; $i++ ) {
			$jobs[] = $this->enqueue( 'test_kick_sleep', array( 'ms' => 1500, 'step_ms' => 100 ) );
		}
		// The enqueues above sent one kick (the throttle drops the rest); its runner sees more work than it can
		// start alone and kicks again.
		$this->wait_until(
			fn(): bool => array() === array_filter( $jobs, fn( $job ): bool => JobStatus::COMPLETED !== $this->job( $job )->status ),
			30,
			'the kicked jobs completed'
		);
		global $wpdb;
		$pids = $wpdb->get_col( 'SELECT DISTINCT pid FROM ' . iacptest_effects_table() ); // phpcs:ignore
		$this->assertGreaterThanOrEqual( 2, count( $pids ), 'two kick runners shared the backlog' );
		$this->assertSame( 4, (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . iacptest_effects_table() ) ); // phpcs:ignore
	}

	public function test_the_kick_endpoint_answers_before_it_runs_the_queue(): void {
		$job      = $this->enqueue( 'test_kick_sleep', array( 'ms' => 3000, 'step_ms' => 100 ) );
		$response = wp_remote_post(
			admin_url( 'admin-ajax.php' ),
			array(
				'timeout' => 10,
				'body'    => array(
					'action' => InstantKick::ACTION,
					'secret' => iacp()->runner_secret()->get(),
				),
			)
		);
		$this->assertSame( 200, wp_remote_retrieve_response_code( $response ) );
		$this->assertNotSame( JobStatus::COMPLETED, $this->job( $job )->status, 'the answer came while the job still ran: the kicking request is not held' );
		$this->wait_until( fn(): bool => JobStatus::COMPLETED === $this->job( $job )->status, 20, 'the kicked job completed' );
	}

	public function test_the_kick_endpoint_refuses_a_wrong_secret(): void {
		// test_noop: the site's web runners never claim it, so "still pending" shows the refusal alone.
		$job      = $this->enqueue( 'test_noop' );
		$response = wp_remote_post(
			admin_url( 'admin-ajax.php' ),
			array(
				'timeout' => 10,
				'body'    => array(
					'action' => InstantKick::ACTION,
					'secret' => 'wrong',
				),
			)
		);
		$this->assertSame( 403, wp_remote_retrieve_response_code( $response ) );
		$this->assertSame( JobStatus::PENDING, $this->job( $job )->status );
		$this->assertTrue( iacp()->runner_secret()->verify( iacp()->runner_secret()->get() ) );
		$this->assertFalse( iacp()->runner_secret()->verify( '' ) );
		$this->assertFalse( iacp()->runner_secret()->verify( 'wrong' ) );
		iacp()->job_queue()->cancel( $job );
	}

	private function wait_until( callable $condition, float $seconds, string $what ): void {
		$until = microtime( true ) + $seconds;
		while ( ! $condition() ) {
			if ( microtime( true ) > $until ) {
				$this->fail( "timed out waiting: {$what}" );
			}
			usleep( 50000 );
		}
		$this->addToAssertionCount( 1 );
	}
}
