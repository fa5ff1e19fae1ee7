<?php
/**
 * The reads behind the queue's health figures.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

final class QueueStatsRepositoryTest extends QueueTestCase {

	public function test_count_by_status_has_every_status(): void {
		$user = $this->user( 'author' );
		$this->enqueue( 'test_noop', array(), array( 'user_id' => $user ) );
		$failed = $this->enqueue( 'test_noop' );
		$this->force( $failed, array( 'status' => 'failed' ) );
		$this->assertSame(
			array( 'pending' => 1, 'processing' => 0, 'completed' => 0, 'failed' => 1, 'cancelled' => 0, 'expired' => 0 ),
			iacp()->queue_stats_repository()->count_by_status()
		);
		$this->assertSame( 0, iacp()->queue_stats_repository()->count_by_status( $user )['failed'] );
		$this->assertSame( 1, iacp()->queue_stats_repository()->count_by_status( $user )['pending'] );
	}
}
