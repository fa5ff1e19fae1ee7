<?php
/**
 * Claiming: priority then age, readiness (available_at, expiry), what a claim writes, and leases that stop a
 * stale worker from touching a job another worker took over.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

use IACP\Jobs\JobLog;
use IACP\Queue\Backoff;
use IACP\Queue\JobExecutor;
use IACP\Jobs\JobStatus;
use IACP\Jobs\LeaseLostException;
use IACP\Queue\LeasedJobContext;
use IACP\Usage\UsageMeter;

final class ClaimTest extends QueueTestCase {

	public function test_claims_by_priority_then_age(): void {
		$late_urgent = $this->enqueue( 'test_noop', array( 'value' => 'b' ), array( 'priority' => 1 ) );
		$normal_old  = $this->enqueue( 'test_noop', array( 'value' => 'c' ) );
		$normal_new  = $this->enqueue( 'test_noop', array( 'value' => 'd' ) );
		$first       = $this->enqueue( 'test_noop', array( 'value' => 'a' ), array( 'priority' => -3 ) );
		$low         = $this->enqueue( 'test_noop', array( 'value' => 'e' ), array( 'priority' => 50 ) );

		$order = array();
		while ( null !== ( $job = $this->claim( array( 'test_noop' ) ) ) ) {
			$order[] = $job->public_id;
		}
		$this->assertSame( array( $first->public_id, $late_urgent->public_id, $normal_old->public_id, $normal_new->public_id, $low->public_id ), $order );
	}

	public function test_respects_available_at_types_and_expiry(): void {
		$delayed = $this->enqueue( 'test_noop', array(), array( 'delay' => 60 ) );
		$other   = $this->enqueue( 'test_count' );
		$expired = $this->enqueue( 'test_noop' );
		$this->force( $expired, array( 'expires_at' => time() - 1 ) );

		$this->assertNull( $this->claim( array( 'test_noop' ) ), 'delayed and expired jobs are not ready; other types are not claimed' );
		$this->force( $delayed, array( 'available_at' => time() - 1 ) );
		$this->assertSame( $delayed->id, $this->claim( array( 'test_noop' ) )?->id );
		$this->assertSame( $other->id, $this->claim( array( 'test_count' ) )?->id );

		$this->run_queue( array( 'test_noop' ) );
		$this->assertSame( JobStatus::EXPIRED, $this->job( $expired )->status, 'the runner pass marks it expired' );
		$this->assertSame( 'expired', $this->job( $expired )->error_code );
	}

	public function test_a_claim_writes_a_lease_and_counts_the_attempt(): void {
		$job     = $this->enqueue( 'test_noop' );
		$claimed = $this->claim( array( 'test_noop' ) );
		$this->assertNotNull( $claimed );
		$this->assertSame( JobStatus::PROCESSING, $claimed->status );
		$this->assertSame( 1, $claimed->attempts );
		$this->assertMatchesRegularExpression( '/^[0-9a-f]{32}$/', (string) $claimed->lease_token );
		$this->assertEqualsWithDelta( time() + 60, (int) $claimed->lease_expires_at, 2 );
		$this->assertNotNull( $claimed->started_at );
		$this->assertSame( 'Attempt started.', $claimed->log[ count( $claimed->log ) - 1 ]['message'] );
		$this->assertNull( $this->claim( array( 'test_noop' ) ), 'one worker at a time' );

		// A second attempt keeps the first start time and gets a new token.
		iacp()->job_repository()->transition( $job->id, array( JobStatus::PROCESSING ), JobStatus::PENDING, array( 'lease_token' => null ) );
		$this->force( $job, array( 'started_at' => 1000 ) );
		$again = $this->claim( array( 'test_noop' ) );
		$this->assertSame( 2, $again?->attempts );
		$this->assertSame( 1000, $again->started_at );
		$this->assertNotSame( $claimed->lease_token, $again->lease_token );
	}

	public function test_a_stale_worker_cannot_touch_a_job_taken_over(): void {
		$job   = $this->enqueue( 'test_noop' );
		$first = $this->claim( array( 'test_noop' ) );
		$this->assertNotNull( $first );
		$stale = new LeasedJobContext( iacp()->job_repository(), $first, (string) $first->lease_token, 60, time() + 60 );
		$stale->progress( 10, 'working' );

		// The first worker stalls; its lease runs out; the reaper requeues; a second worker claims.
		$this->force( $job, array( 'lease_expires_at' => time() - 1 ) );
		$this->assertSame( 1, iacp()->runner()->run( new \IACP\Queue\RunnerBudget( 'cli', 5, 0, 0, 0.0, 0.05, array( 'test_count' ) ) )->reaped['requeued'] );
		$this->assertSame( 'worker_lost', $this->job( $job )->error_code );
		$second = $this->claim( array( 'test_noop' ) );
		$this->assertNotNull( $second );
		$this->assertSame( 2, $second->attempts );

		foreach ( array(
			'progress'        => fn() => $stale->progress( 50 ),
			'partial_output'  => fn() => $stale->partial_output( 'stale' ),
			'heartbeat'       => fn() => $stale->heartbeat(),
			'log'             => fn() => $stale->log( 'stale' ),
			'add_token_usage' => fn() => $stale->add_token_usage( 5, 5 ),
			'checkpoint'      => fn() => $stale->checkpoint( array( 'x' => 1 ) ),
		) as $write => $call ) {
			try {
				$call();
				$this->fail( "{$write} by a stale worker must throw LeaseLostException" );
			} catch ( LeaseLostException $e ) {
				$this->addToAssertionCount( 1 );
			}
		}
		$this->assertFalse(
			iacp()->job_repository()->transition( $job->id, array( JobStatus::PROCESSING ), JobStatus::COMPLETED, array(), array( 'lease_token' => (string) $first->lease_token ) ),
			'the stale worker cannot complete it'
		);
		$now = $this->job( $job );
		$this->assertSame( JobStatus::PROCESSING, $now->status );
		$this->assertSame( $second->lease_token, $now->lease_token );
		$this->assertSame( 0, $now->prompt_tokens );
		$this->assertNull( $now->partial_output );
		$this->assertNull( $now->result );
	}

	public function test_worker_writes_under_a_live_lease(): void {
		$job     = $this->enqueue( 'test_noop' );
		$claimed = $this->claim( array( 'test_noop' ) );
		$context = new LeasedJobContext( iacp()->job_repository(), $claimed, (string) $claimed->lease_token, 90, time() + 60 );
		$context->progress( 140, str_repeat( 's', 300 ) );
		$context->partial_output( 'Half a sentence' );
		$context->add_token_usage( 10, 4 );
		$context->add_token_usage( 1, 1 );
		$context->checkpoint( array( 'image_1' => 41 ) );
		$context->checkpoint( array( 'image_2' => 42 ) );
		for ( $i = 0; $i < JobLog::CAP + 5; $i++ ) {
			$context->log( "line {$i}", array( 'i' => $i ) );
		}
		$context->heartbeat();
		$now = $this->job( $job );
		$this->assertSame( 100, $now->progress, 'clamped' );
		$this->assertSame( 191, strlen( (string) $now->stage ) );
		$this->assertSame( 'Half a sentence', $now->partial_output );
		$this->assertSame( array( 11, 5 ), array( $now->prompt_tokens, $now->completion_tokens ) );
		$this->assertSame( array( 'image_1' => 41, 'image_2' => 42 ), $now->result );
		$this->assertCount( JobLog::CAP, $now->log, 'the log is capped' );
		$this->assertSame( 'line ' . ( JobLog::CAP + 4 ), $now->log[ count( $now->log ) - 1 ]['message'] );
		$this->assertEqualsWithDelta( time() + 90, (int) $now->lease_expires_at, 2, 'writes extend the lease' );
		$this->assertFalse( $context->is_cancel_requested() );
	}

	public function test_a_claim_and_its_completion_take_five_statements_and_read_no_log(): void {
		global $wpdb;
		$this->enqueue( 'test_noop' );
		$before  = $wpdb->num_queries;
		$claimed = $this->claim( array( 'test_noop' ) );
		$this->assertNotNull( $claimed );
		$this->assertSame( 4, $wpdb->num_queries - $before, 'START TRANSACTION, SELECT … FOR UPDATE SKIP LOCKED, UPDATE, COMMIT' );

		$executor = new JobExecutor( iacp()->job_repository(), iacp()->job_types(), iacp()->queue_config(), new Backoff( iacp()->queue_config() ), iacp()->database_link(), iacp()->fatal_error_monitor(), new UsageMeter( iacp()->usage_ledger() ) );
		$queries  = array();
		$record   = static function ( $query ) use ( &$queries ) {
			$queries[] = $query;
			return $query;
		};
		add_filter( 'query', $record );
		$this->assertSame( 'completed', $executor->execute( $claimed ) );
		remove_filter( 'query', $record );
		$this->assertCount( 1, $queries, 'one guarded UPDATE that appends the log line: ' . implode( ' | ', $queries ) );
		$this->assertSame( array( 'Queued.', 'Attempt started.', 'Completed.' ), array_column( $this->job( $claimed )->log, 'message' ) );
	}

	public function test_the_stored_log_stays_bounded_across_many_attempts(): void {
		global $wpdb;
		$job = $this->enqueue( 'test_noop' );
		for ( $i = 0; $i < JobLog::CAP * 2; $i++ ) {
			$claimed = $this->claim( array( 'test_noop' ) );
			$this->assertNotNull( $claimed );
			$this->assertTrue(
				iacp()->job_repository()->transition(
					$claimed->id,
					array( 'processing' ),
					'pending',
					array(
						'lease_token' => null,
						'attempts'    => 0,
						'log'         => JobLog::line( "Deferred {$i}.", 1 ),
					),
					array( 'lease_token' => (string) $claimed->lease_token )
				)
			);
		}
		$stored = (string) $wpdb->get_var( $wpdb->prepare( 'SELECT log FROM ' . $this->jobs_table() . ' WHERE id = %d', $job->id ) ); // phpcs:ignore
		$this->assertLessThanOrEqual( JobLog::CAP + 2, JobLog::count_lines( $stored ), 'the claim trims what it read' );
		$log = $this->job( $job )->log;
		$this->assertSame( 'Deferred ' . ( JobLog::CAP * 2 - 1 ) . '.', $log[ count( $log ) - 1 ]['message'] );
	}

	public function test_one_claim_over_several_types_takes_the_first_in_priority_order(): void {
		$noop    = $this->enqueue( 'test_noop', array(), array( 'priority' => 10 ) );
		$count   = $this->enqueue( 'test_count', array(), array( 'priority' => 5 ) );
		$delayed = $this->enqueue( 'test_noop', array(), array( 'priority' => 1, 'delay' => 60 ) );
		$types   = array( 'test_noop', 'test_count' );
		$this->assertSame( $count->id, $this->claim( $types )?->id );
		$this->assertSame( $noop->id, $this->claim( $types )?->id );
		$this->assertNull( $this->claim( $types ), 'the delayed job waits' );
		$this->assertSame( JobStatus::PENDING, $this->job( $delayed )->status );
	}
}
