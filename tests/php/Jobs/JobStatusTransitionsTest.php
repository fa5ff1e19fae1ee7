<?php
/**
 * Every status change goes through the one transition table: each allowed move succeeds on a stored job, each
 * other move is refused and changes nothing.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Jobs;

use IACP\Jobs\JobStatus;
use IACP\Tests\Queue\QueueTestCase;

final class JobStatusTransitionsTest extends QueueTestCase {

	private const ALLOWED = array(
		'pending>processing',
		'pending>cancelled',
		'pending>expired',
		'processing>completed',
		'processing>failed',
		'processing>cancelled',
		'processing>pending',
		'failed>pending',
		'cancelled>pending',
		'expired>pending',
	);

	/**
	 * @return array<string, array{ string, string, bool }>
	 */
	public function pairs(): array {
		$pairs = array();
		foreach ( JobStatus::ALL as $from ) {
			foreach ( JobStatus::ALL as $to ) {
				$pairs[ "{$from} → {$to}" ] = array( $from, $to, in_array( "{$from}>{$to}", self::ALLOWED, true ) );
			}
		}
		return $pairs;
	}

	/**
	 * @dataProvider pairs
	 */
	public function test_transition( string $from, string $to, bool $allowed ): void {
		$this->assertSame( $allowed, JobStatus::can_transition( $from, $to ), 'the table' );

		$job = $this->enqueue( 'test_noop' );
		$this->force( $job, array( 'status' => $from ) );
		$moved = iacp()->job_repository()->transition( $job->id, array( $from ), $to, array( 'stage' => 'moved' ) );

		$this->assertSame( $allowed, $moved, 'the guarded update' );
		$stored = $this->job( $job );
		$this->assertSame( $allowed ? $to : $from, $stored->status );
		$this->assertSame( $allowed ? 'moved' : null, $stored->stage, 'a refused move changes nothing' );
	}

	public function test_a_move_from_a_status_the_job_is_not_in_is_refused(): void {
		$job = $this->enqueue( 'test_noop' );
		$this->assertFalse( iacp()->job_repository()->transition( $job->id, array( JobStatus::PROCESSING ), JobStatus::COMPLETED, array() ) );
		$this->assertSame( JobStatus::PENDING, $this->job( $job )->status );
	}

	public function test_a_worker_write_needs_its_lease_token(): void {
		$job = $this->enqueue( 'test_noop' );
		$this->claim( array( 'test_noop' ) );
		$this->assertFalse( iacp()->job_repository()->transition( $job->id, array( JobStatus::PROCESSING ), JobStatus::COMPLETED, array(), array( 'lease_token' => 'not-mine' ) ) );
		$this->assertTrue( iacp()->job_repository()->transition( $job->id, array( JobStatus::PROCESSING ), JobStatus::COMPLETED, array(), array( 'lease_token' => (string) $this->job( $job )->lease_token ) ) );
	}
}
