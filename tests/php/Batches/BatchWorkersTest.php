<?php
/**
 * Two real worker processes (bin/iacp-worker.php and `wp iacp work`) share one batch: every item gets exactly one
 * job, each job runs once, and the AI server is asked once per item.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Batches;

use IACP\Batches\BatchStatus;
use IACP\Tests\Queue\Process;
use IACP\Tests\TestEnvironment;

final class BatchWorkersTest extends BatchTestCase {

	private const POSTS = 12;

	public function test_two_workers_process_each_item_exactly_once(): void {
		$editor = $this->user( 'editor' );
		$posts  = array();
		for ( $i = 0; $i < self::POSTS; $i++ ) {
			$posts[] = $this->post( $editor, array( 'post_content' => 'Story ' . $i ) );
		}
		wp_set_current_user( $editor );
		$this->settings( array( 'provider_max_in_flight' => 2 ) );
		$id = (int) $this->start(
			array(
				'action'   => 'excerpt',
				'post_ids' => $posts,
			)
		)['id'];

		$wp_path  = (string) TestEnvironment::load( 'IACP_ENV_FILE', 'test' )['wp_path'];
		$flags    = array( '--type=batch_step,post_field', '--sleep=0.1', '--time-limit=60' );
		$workers  = array(
			Process::worker( $wp_path, array_merge( $flags, array( '--quiet' ) ) ),
			Process::wp( $wp_path, array_merge( array( 'iacp', 'work' ), $flags ) ),
		);
		$deadline = microtime( true ) + 90;
		while ( BatchStatus::COMPLETED !== $this->batch( $id )->status && microtime( true ) < $deadline ) {
			usleep( 250000 );
		}
		foreach ( $workers as $worker ) {
			$worker->signal( 15 );
			$worker->wait( 30 );
		}

		$this->assertSame( BatchStatus::COMPLETED, $this->batch( $id )->status, (string) wp_json_encode( iacp()->batch_items()->counts( $id ) ) );
		$this->assertSame( array_fill_keys( $posts, 1 ), $this->jobs_per_post(), 'one job per item' );
		global $wpdb;
		$this->assertSame( '1', (string) $wpdb->get_var( 'SELECT MAX(attempts) FROM ' . $this->jobs_table() . " WHERE type = 'post_field'" ), 'no job ran twice' ); // phpcs:ignore
		$this->assertCount( self::POSTS, $this->server_requests(), 'the AI was asked once per item' );
		$this->assertSame( self::POSTS, iacp()->batch_items()->counts( $id )['done'] );
	}
}
