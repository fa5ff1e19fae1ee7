<?php
/**
 * Base for batch tests: empty batch tables, the instant kick off (a test runs the queue itself), settings pointed at
 * the local test AI server, and helpers to start a batch through REST and run it through the real runner.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Batches;

use IACP\Batches\Batch;
use IACP\Batches\BatchesSchema;
use IACP\Queue\RunnerBudget;
use IACP\Tests\Providers\AiServerTestCase;

abstract class BatchTestCase extends AiServerTestCase {

	protected function setUp(): void {
		parent::setUp();
		global $wpdb;
		iacp()->batches_schema()->install_if_needed();
		$wpdb->query( 'DELETE FROM ' . BatchesSchema::items_table() ); // phpcs:ignore
		$wpdb->query( 'DELETE FROM ' . BatchesSchema::batches_table() ); // phpcs:ignore
		add_filter( 'iacp_instant_kick', '__return_false' );
	}

	protected function tearDown(): void {
		remove_filter( 'iacp_instant_kick', '__return_false' );
		parent::tearDown();
	}

	/**
	 * Starts a batch through REST as the current user and returns its response data (asserting 201).
	 *
	 * @param array<string, mixed> $body Request body.
	 * @return array<string, mixed>
	 */
	protected function start( array $body ): array {
		$response = $this->rest( 'POST', '/iacp/v1/batches', $body );
		$this->assertSame( 201, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		return (array) $response->get_data();
	}

	protected function batch( int $id ): Batch {
		$batch = iacp()->batch_repository()->find( $id );
		$this->assertNotNull( $batch );
		return $batch;
	}

	/**
	 * Runs the real runner in this process (step and item jobs) until the batch is in one of $statuses.
	 *
	 * @param list<string> $statuses Statuses to wait for.
	 * @param list<string> $types    Job types the runner may take.
	 */
	protected function run_batch_until( int $id, array $statuses, int $seconds = 60, array $types = array( 'batch_step', 'post_field', 'image' ) ): Batch {
		$deadline = microtime( true ) + $seconds;
		do {
			iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 10, 0, 0, 0.0, 0.05, $types ) );
			$batch = $this->batch( $id );
			if ( in_array( $batch->status, $statuses, true ) ) {
				return $batch;
			}
			$this->wake_step( $batch );
			usleep( 100000 );
		} while ( microtime( true ) < $deadline );
		$this->fail( 'batch ' . $id . ' still ' . $this->batch( $id )->status . ': ' . (string) wp_json_encode( iacp()->batch_items()->counts( $id ) ) );
	}

	/**
	 * Makes the batch's deferred step ready now (a test does not wait out its pause between steps).
	 */
	protected function wake_step( Batch $batch ): void {
		global $wpdb;
		if ( null !== $batch->driver_job_id ) {
			$wpdb->query( $wpdb->prepare( 'UPDATE ' . $this->jobs_table() . " SET available_at = %d WHERE id = %d AND status = 'pending'", time(), $batch->driver_job_id ) ); // phpcs:ignore
		}
	}

	/**
	 * Items of a batch, by object ID.
	 *
	 * @return array<int, array<string, mixed>>
	 */
	protected function items( int $batch_id ): array {
		$data      = $this->rest(
			'GET',
			'/iacp/v1/batches/' . $batch_id,
			array( 'items_per_page' => 100 )
		)->get_data();
		$by_object = array();
		foreach ( (array) $data['items'] as $item ) {
			$by_object[ (int) $item['object_id'] ] = $item;
		}
		return $by_object;
	}

	/**
	 * post_field (and image) jobs of the batch's items, per post.
	 *
	 * @return array<int, int>
	 */
	protected function jobs_per_post( string $type = 'post_field' ): array {
		global $wpdb;
		$rows = $wpdb->get_results( $wpdb->prepare( 'SELECT post_id, COUNT(*) AS n FROM ' . $this->jobs_table() . ' WHERE type = %s GROUP BY post_id', $type ), ARRAY_A ); // phpcs:ignore
		$out  = array();
		foreach ( (array) $rows as $row ) {
			$out[ (int) $row['post_id'] ] = (int) $row['n'];
		}
		return $out;
	}
}
