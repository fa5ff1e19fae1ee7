<?php
/**
 * The jobs table: its columns and the indexes the claim, "my jobs", "jobs of this post" and the purge rely on.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Jobs;

use IACP\Jobs\JobsSchema;
use IACP\Tests\Queue\QueueTestCase;

final class JobsSchemaTest extends QueueTestCase {

	public function test_the_table_has_its_indexes_and_version(): void {
		global $wpdb;
		$indexes = array();
		foreach ( $wpdb->get_results( 'SHOW INDEX FROM ' . JobsSchema::table(), ARRAY_A ) as $row ) { // phpcs:ignore
			$indexes[ $row['Key_name'] ][ (int) $row['Seq_in_index'] ] = $row['Column_name'];
		}
		$this->assertSame( array( 1 => 'id' ), $indexes['PRIMARY'] );
		$this->assertSame( array( 1 => 'public_id' ), $indexes['public_id'] );
		$this->assertSame( array( 1 => 'user_id', 2 => 'idempotency_key' ), $indexes['user_idempotency'] );
		$this->assertSame( array( 1 => 'status', 2 => 'priority', 3 => 'id' ), $indexes['claim'] );
		$this->assertSame( array( 1 => 'user_id', 2 => 'id' ), $indexes['user_jobs'] );
		$this->assertSame( array( 1 => 'post_id', 2 => 'id' ), $indexes['post_jobs'] );
		$this->assertSame( array( 1 => 'status', 2 => 'finished_at' ), $indexes['status_finished'] );
		$this->assertSame( JobsSchema::VERSION, get_option( JobsSchema::VERSION_OPTION ) );

		$plan = $wpdb->get_row( $wpdb->prepare( 'EXPLAIN SELECT * FROM ' . JobsSchema::table() . " WHERE status = 'pending' AND available_at <= %d ORDER BY priority ASC, id ASC LIMIT 1", time() ), ARRAY_A ); // phpcs:ignore
		$this->assertStringNotContainsString( 'filesort', (string) $plan['Extra'], 'the claim never sorts the queue' );
	}

	public function test_install_is_idempotent(): void {
		( new JobsSchema() )->install();
		( new JobsSchema() )->install();
		$job = $this->enqueue( 'test_noop' );
		$this->assertNotNull( iacp()->job_repository()->find( $job->id ) );
	}
}
