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
		$this->assertSame( array( 1 => 'status', 2 => 'type', 3 => 'priority', 4 => 'available_at', 5 => 'id' ), $indexes['claim_ready'] );
		$this->assertArrayNotHasKey( 'claim', $indexes, 'version 3 claim index is gone' );
		$this->assertSame( array( 1 => 'user_id', 2 => 'id' ), $indexes['user_jobs'] );
		$this->assertSame( array( 1 => 'post_id', 2 => 'id' ), $indexes['post_jobs'] );
		$this->assertSame( array( 1 => 'status', 2 => 'finished_at' ), $indexes['status_finished'] );
		$this->assertSame( JobsSchema::VERSION, get_option( JobsSchema::VERSION_OPTION ) );

		$plan = $wpdb->get_row( $wpdb->prepare( 'EXPLAIN SELECT * FROM ' . JobsSchema::table() . " WHERE status = 'pending' AND type = 'text' AND available_at <= %d AND expires_at >= %d ORDER BY priority ASC, available_at ASC, id ASC LIMIT 1 FOR UPDATE SKIP LOCKED", time(), time() ), ARRAY_A ); // phpcs:ignore
		$this->assertSame( 'claim_ready', $plan['key'] );
		$this->assertStringNotContainsString( 'filesort', (string) $plan['Extra'], 'the claim never sorts the queue' );
	}

	public function test_a_version_3_table_is_upgraded_and_its_logs_read_on(): void {
		global $wpdb;
		$table = JobsSchema::table();
		$job   = $this->enqueue( 'test_noop' );
		// The shape version 3 left: the old claim index, and logs stored as one JSON array.
		$wpdb->query( "ALTER TABLE {$table} DROP INDEX claim_ready, ADD INDEX claim (status, priority, id)" ); // phpcs:ignore
		$legacy = array(
			array(
				'time'    => 1700000000,
				'attempt' => 0,
				'message' => 'Queued.',
				'data'    => array( 'user_id' => 0 ),
			),
		);
		$wpdb->update( $table, array( 'log' => wp_json_encode( $legacy ) ), array( 'id' => $job->id ) ); // phpcs:ignore
		update_option( JobsSchema::VERSION_OPTION, '3', false );

		( new JobsSchema() )->install_if_needed();

		$keys = array_unique( array_column( (array) $wpdb->get_results( "SHOW INDEX FROM {$table}", ARRAY_A ), 'Key_name' ) ); // phpcs:ignore
		$this->assertContains( 'claim_ready', $keys );
		$this->assertNotContains( 'claim', $keys );
		$this->assertSame( JobsSchema::VERSION, get_option( JobsSchema::VERSION_OPTION ) );
		$claimed = $this->claim( array( 'test_noop' ) );
		$this->assertNotNull( $claimed );
		$this->assertSame( array( 'Queued.', 'Attempt started.' ), array_column( $this->job( $job )->log, 'message' ), 'the old entries, then the new one' );
		$this->assertSame( 1700000000, $this->job( $job )->log[0]['time'] );
	}

	public function test_install_is_idempotent(): void {
		( new JobsSchema() )->install();
		( new JobsSchema() )->install();
		$job = $this->enqueue( 'test_noop' );
		$this->assertNotNull( iacp()->job_repository()->find( $job->id ) );
	}
}
