<?php
/**
 * Adaptive batch claims: one job per claim until jobs prove short, then batches that one UPDATE claims; a job taken
 * over while it waited in a batch is never run; what a stopping runner did not run goes back uncounted; a batch of
 * jobs keeps its leases while a long job runs before them.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

use IACP\Jobs\JobStatus;
use IACP\Queue\ClaimBuffer;

final class ClaimBufferTest extends QueueTestCase {

	private const TYPES  = array( 'test_count' );
	private const LEASES = array( 'test_count' => 60 );

	public function test_the_first_claim_takes_one_job_and_short_jobs_grow_the_batch(): void {
		for ( $i = 0; $i < 40; $i++ ) {
			$this->enqueue( 'test_count', array( 'n' => $i ) );
		}
		$buffer = new ClaimBuffer( iacp()->job_claimer() );
		$this->assertSame( 1, $buffer->batch_size(), 'nothing is known about job lengths yet' );
		$first = $buffer->next( self::TYPES, self::LEASES, 'test', PHP_INT_MAX );
		$this->assertNotNull( $first );
		$this->assertSame( 1, $this->count_status( JobStatus::PROCESSING ), 'one job claimed' );

		$buffer->finished( 0.002 );
		$this->assertSame( 16, $buffer->batch_size(), '2 ms jobs: a full batch' );
		$buffer->finished( 1.5 );
		$this->assertSame( 1, $buffer->batch_size(), 'after a long job, one at a time again' );
	}

	public function test_a_batch_is_claimed_by_one_update_in_claim_order_and_runs_each_job_once(): void {
		$urgent = $this->enqueue( 'test_count', array( 'n' => 0 ), array( 'priority' => 1 ) );
		for ( $i = 1; $i < 30; $i++ ) {
			$this->enqueue( 'test_count', array( 'n' => $i ) );
		}
		$jobs = iacp()->job_claimer()->claim_batch( self::TYPES, self::LEASES, 'test', 8 );
		$this->assertCount( 8, $jobs );
		$this->assertSame( $urgent->id, $jobs[0]->id, 'claim order: priority first' );
		$this->assertCount( 1, array_unique( array_map( static fn( $job ) => $job->lease_token, $jobs ) ), 'one lease token per batch' );
		foreach ( $jobs as $job ) {
			$stored = $this->job( $job );
			$this->assertSame( JobStatus::PROCESSING, $stored->status );
			$this->assertSame( 1, $stored->attempts );
			$this->assertSame( $job->lease_token, $stored->lease_token );
			$this->assertSame( array( 'Queued.', 'Attempt started.' ), array_column( $stored->log, 'message' ) );
			$this->assertSame( 1, $stored->log[1]['attempt'], 'the database wrote the attempt number into the log line' );
			$this->assertSame( $stored->log, $job->log, 'the claimed job is the row as stored' );
		}

		$summary = $this->run_queue( self::TYPES );
		$this->assertSame( 22, $summary->processed, 'the 22 left; the batch above stays with its claimer' );
		global $wpdb;
		$executions = (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . iacptest_effects_table() ); // phpcs:ignore
		$distinct   = (int) $wpdb->get_var( 'SELECT COUNT(DISTINCT job_public_id) FROM ' . iacptest_effects_table() ); // phpcs:ignore
		$this->assertSame( 22, $executions );
		$this->assertSame( 22, $distinct );
	}

	public function test_a_runner_draining_short_jobs_claims_in_batches(): void {
		for ( $i = 0; $i < 200; $i++ ) {
			$this->enqueue( 'test_count', array( 'n' => $i ) );
		}
		$claims = 0;
		$count  = static function ( $query ) use ( &$claims ) {
			$claims += str_starts_with( (string) $query, 'START TRANSACTION' ) ? 1 : 0;
			return $query;
		};
		add_filter( 'query', $count );
		$summary = $this->run_queue( self::TYPES );
		remove_filter( 'query', $count );
		$this->assertSame( 200, $summary->processed );
		$this->assertSame( 200, $this->count_status( JobStatus::COMPLETED ) );
		$this->assertLessThan( 100, $claims, "200 short jobs took {$claims} claims" );
	}

	public function test_a_job_taken_over_while_it_waited_in_the_batch_is_not_run(): void {
		for ( $i = 0; $i < 3; $i++ ) {
			$this->enqueue( 'test_count', array( 'n' => $i ) );
		}
		$buffer = new ClaimBuffer( iacp()->job_claimer() );
		$buffer->finished( 0.001 );
		$first = $buffer->next( self::TYPES, array( 'test_count' => 2 ), 'test', PHP_INT_MAX );
		$this->assertNotNull( $first );
		// The second job's lease ran out and another worker took it over meanwhile.
		$stolen = iacp()->job_repository()->find( $first->id + 1 );
		$this->assertNotNull( $stolen );
		$this->force( $stolen, array( 'lease_token' => 'another-worker' ) );
		sleep( 1 ); // Past half the 2 s lease: the buffer renews before handing a job out.

		$next = $buffer->next( self::TYPES, array( 'test_count' => 2 ), 'test', PHP_INT_MAX );
		$this->assertNotNull( $next );
		$this->assertSame( $first->id + 2, $next->id, 'the taken-over job is skipped' );
		$this->assertSame( 'another-worker', $this->job( $stolen )->lease_token );
	}

	public function test_jobs_left_in_the_batch_go_back_uncounted_when_the_runner_stops(): void {
		for ( $i = 0; $i < 5; $i++ ) {
			$this->enqueue( 'test_count', array( 'n' => $i ) );
		}
		$buffer = new ClaimBuffer( iacp()->job_claimer() );
		$buffer->finished( 0.001 );
		$this->assertNotNull( $buffer->next( self::TYPES, self::LEASES, 'test', PHP_INT_MAX ) );
		$this->assertSame( 5, $this->count_status( JobStatus::PROCESSING ) );

		$buffer->release_all();
		$this->assertSame( 4, $this->count_status( JobStatus::PENDING ) );
		global $wpdb;
		$this->assertSame( '0', (string) $wpdb->get_var( $wpdb->prepare( 'SELECT MAX(attempts) FROM ' . $this->jobs_table() . ' WHERE status = %s', JobStatus::PENDING ) ) ); // phpcs:ignore
	}

	public function test_a_runner_with_a_job_budget_claims_no_more_than_it_may_run(): void {
		for ( $i = 0; $i < 50; $i++ ) {
			$this->enqueue( 'test_count', array( 'n' => $i ) );
		}
		$summary = $this->run_queue( self::TYPES, 10 );
		$this->assertSame( 10, $summary->processed );
		$this->assertSame( 10, $this->count_status( JobStatus::COMPLETED ) );
		$this->assertSame( 40, $this->count_status( JobStatus::PENDING ), 'nothing left claimed' );
	}

	public function test_heartbeats_of_a_long_job_keep_the_batch_behind_it_alive(): void {
		for ( $i = 0; $i < 3; $i++ ) {
			$this->enqueue( 'test_count', array( 'n' => $i ) );
		}
		$buffer = new ClaimBuffer( iacp()->job_claimer() );
		$buffer->finished( 0.001 );
		$this->assertNotNull( $buffer->next( self::TYPES, array( 'test_count' => 30 ), 'test', PHP_INT_MAX ) );
		global $wpdb;
		$wpdb->query( $wpdb->prepare( 'UPDATE ' . $this->jobs_table() . ' SET lease_expires_at = %d WHERE status = %s', time() + 1, JobStatus::PROCESSING ) ); // phpcs:ignore

		$buffer->extend_waiting();
		$leases = array_map( 'intval', $wpdb->get_col( $wpdb->prepare( 'SELECT lease_expires_at FROM ' . $this->jobs_table() . ' WHERE status = %s ORDER BY id', JobStatus::PROCESSING ) ) ); // phpcs:ignore
		$this->assertCount( 3, $leases );
		$this->assertLessThanOrEqual( time() + 1, $leases[0], 'the running job renews its own lease' );
		$this->assertGreaterThanOrEqual( time() + 29, $leases[1] );
		$this->assertGreaterThanOrEqual( time() + 29, $leases[2] );
	}

	private function count_status( string $status ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM ' . $this->jobs_table() . ' WHERE status = %s', $status ) ); // phpcs:ignore
	}
}
