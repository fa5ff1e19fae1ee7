<?php
/**
 * REST /batches: a start returns at once with a planning batch; bad input is a 400 naming the field and stores
 * nothing; who sees and controls which batch (404 for other users' batches, never 403); list paging headers.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Batches;

use IACP\Batches\BatchesSchema;

final class BatchesRouteTest extends BatchTestCase {

	public function test_a_start_returns_a_planning_batch_with_its_total_and_queues_one_step(): void {
		$author = $this->user( 'author' );
		for ( $i = 0; $i < 3; $i++ ) {
			$this->post( $author, array( 'post_status' => 'publish' ) );
		}
		wp_set_current_user( $author );

		$batch = $this->start(
			array(
				'action' => 'excerpt',
				'mode'   => 'apply',
				'filter' => array( 'post_type' => 'post' ),
			)
		);

		$this->assertSame( 'planning', $batch['status'] );
		$this->assertSame( 'excerpt', $batch['action'] );
		$this->assertSame( 'Write excerpts with AI', $batch['action_label'] );
		$this->assertSame( 3, $batch['counts']['total'] );
		$this->assertSame( 0, $batch['counts']['planned'] );
		$this->assertSame(
			array(
				'id'   => $author,
				'name' => get_userdata( $author )->display_name,
			),
			$batch['user']
		);
		$this->assertSame( array( 'post_type' => 'post' ), $batch['source'] );
		$this->assertNull( $batch['pause_reason'] );
		$this->assertSame( array( 'batch_step' => 1 ), $this->job_types_stored(), 'one step job, no item job yet' );
	}

	/**
	 * @return array<string, array{array<string, mixed>, string}>
	 */
	public function bad_starts(): array {
		return array(
			'unknown action'         => array(
				array(
					'action' => 'poem',
					'filter' => array( 'post_type' => 'post' ),
				),
				'action',
			),
			'bad mode'               => array(
				array(
					'action' => 'excerpt',
					'mode'   => 'later',
					'filter' => array( 'post_type' => 'post' ),
				),
				'mode',
			),
			'neither ids nor filter' => array( array( 'action' => 'excerpt' ), 'post_ids' ),
			'both ids and filter'    => array(
				array(
					'action'   => 'excerpt',
					'post_ids' => array( 1 ),
					'filter'   => array( 'post_type' => 'post' ),
				),
				'filter',
			),
			'empty ids'              => array(
				array(
					'action'   => 'excerpt',
					'post_ids' => array(),
				),
				'post_ids',
			),
			'ids not integers'       => array(
				array(
					'action'   => 'excerpt',
					'post_ids' => array( 'x' ),
				),
				'post_ids',
			),
			'missing post'           => array(
				array(
					'action'   => 'excerpt',
					'post_ids' => array( 999999999 ),
				),
				'post_ids',
			),
			'unknown post type'      => array(
				array(
					'action' => 'excerpt',
					'filter' => array( 'post_type' => 'nope' ),
				),
				'filter.post_type',
			),
			'no excerpt support'     => array(
				array(
					'action' => 'excerpt',
					'filter' => array( 'post_type' => 'page' ),
				),
				'filter.post_type',
			),
			'alt text on posts'      => array(
				array(
					'action' => 'alt_text',
					'filter' => array( 'post_type' => 'post' ),
				),
				'filter.post_type',
			),
			'bad status'             => array(
				array(
					'action' => 'title',
					'filter' => array(
						'post_type' => 'post',
						'status'    => 'nope',
					),
				),
				'filter.status',
			),
			'bad category'           => array(
				array(
					'action' => 'title',
					'filter' => array(
						'post_type' => 'post',
						'category'  => 'x',
					),
				),
				'filter.category',
			),
			'missing category'       => array(
				array(
					'action' => 'title',
					'filter' => array(
						'post_type' => 'post',
						'category'  => 999999,
					),
				),
				'filter.category',
			),
			'bad author'             => array(
				array(
					'action' => 'title',
					'filter' => array(
						'post_type' => 'post',
						'author'    => -1,
					),
				),
				'filter.author',
			),
			'long search'            => array(
				array(
					'action' => 'title',
					'filter' => array(
						'post_type' => 'post',
						'search'    => str_repeat( 'a', 201 ),
					),
				),
				'filter.search',
			),
			'missing not a bool'     => array(
				array(
					'action' => 'title',
					'filter' => array(
						'post_type' => 'post',
						'missing'   => 'yes',
					),
				),
				'filter.missing',
			),
			'unknown filter key'     => array(
				array(
					'action' => 'title',
					'filter' => array(
						'post_type' => 'post',
						'colour'    => 'red',
					),
				),
				'filter.colour',
			),
			'replace not a bool'     => array(
				array(
					'action'  => 'title',
					'replace' => 1,
					'filter'  => array( 'post_type' => 'post' ),
				),
				'replace',
			),
			'filter not an object'   => array(
				array(
					'action' => 'title',
					'filter' => array( 'post' ),
				),
				'filter',
			),
		);
	}

	/**
	 * @dataProvider bad_starts
	 * @param array<string, mixed> $body Body.
	 */
	public function test_bad_input_is_a_400_naming_the_field_and_stores_nothing( array $body, string $field ): void {
		wp_set_current_user( $this->user( 'editor' ) );

		$response = $this->rest( 'POST', '/iacp/v1/batches', $body );

		$this->assertSame( 400, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		$this->assertSame( 'iacp_invalid_param', $response->get_data()['code'] );
		$this->assertSame( $field, $response->get_data()['data']['field'] );
		$this->assertSame( 0, $this->count_rows( BatchesSchema::batches_table() ) );
		$this->assertSame( array(), $this->job_types_stored() );
	}

	public function test_logged_out_is_401_and_a_subscriber_403_and_nothing_is_stored(): void {
		$body = array(
			'action' => 'title',
			'filter' => array( 'post_type' => 'post' ),
		);
		$this->assertSame( 401, $this->rest( 'POST', '/iacp/v1/batches', $body )->get_status() );
		wp_set_current_user( $this->user( 'subscriber' ) );
		$this->assertSame( 403, $this->rest( 'POST', '/iacp/v1/batches', $body )->get_status() );
		$this->assertSame( 403, $this->rest( 'GET', '/iacp/v1/batches' )->get_status() );
		$this->assertSame( 0, $this->count_rows( BatchesSchema::batches_table() ) );
	}

	public function test_a_contributor_cannot_start_featured_images_without_upload_rights(): void {
		$contributor = $this->user( 'contributor' );
		$post        = $this->post( $contributor );
		wp_set_current_user( $contributor );

		$response = $this->rest(
			'POST',
			'/iacp/v1/batches',
			array(
				'action'   => 'featured_image',
				'post_ids' => array( $post ),
			)
		);

		$this->assertSame( 403, $response->get_status() );
		$this->assertSame( 0, $this->count_rows( BatchesSchema::batches_table() ) );
	}

	public function test_other_users_batches_are_404_for_every_route_and_managers_see_all(): void {
		$author = $this->user( 'author' );
		$this->post( $author );
		wp_set_current_user( $author );
		$batch = $this->start(
			array(
				'action' => 'title',
				'filter' => array( 'post_type' => 'post' ),
			)
		);
		$id    = (int) $batch['id'];

		wp_set_current_user( $this->user( 'contributor' ) );
		$this->assertSame( 404, $this->rest( 'GET', '/iacp/v1/batches/' . $id )->get_status() );
		$this->assertSame( 'iacp_batch_not_found', $this->rest( 'GET', '/iacp/v1/batches/' . $id )->get_data()['code'] );
		foreach ( array( 'pause', 'resume', 'cancel', 'retry' ) as $control ) {
			$this->assertSame( 404, $this->rest( 'POST', "/iacp/v1/batches/{$id}/{$control}" )->get_status(), $control );
		}
		$accept = $this->rest( 'POST', "/iacp/v1/batches/{$id}/accept", array( 'all' => true ) );
		$this->assertSame( 404, $accept->get_status() );
		$this->assertSame( 404, $this->rest( 'GET', '/iacp/v1/batches/999999999' )->get_status(), 'missing and not-yours look the same' );
		$this->assertSame( array(), $this->rest( 'GET', '/iacp/v1/batches' )->get_data(), 'the list shows only own batches' );
		// The site's WP-Cron may have run its step meanwhile; what matters is that no one else paused or cancelled it.
		$this->assertNotContains( $this->batch( $id )->status, array( 'paused', 'cancelled' ), 'nothing changed' );

		wp_set_current_user( $this->user( 'administrator' ) );
		$list = $this->rest( 'GET', '/iacp/v1/batches' );
		$this->assertSame( array( $id ), array_column( (array) $list->get_data(), 'id' ) );
		$this->assertSame( '1', $list->get_headers()['X-WP-Total'] );
		$this->assertSame( 200, $this->rest( 'POST', "/iacp/v1/batches/{$id}/pause" )->get_status() );
	}

	public function test_controls_follow_the_batch_state(): void {
		$editor = $this->user( 'editor' );
		$this->post( $editor );
		wp_set_current_user( $editor );
		$id = (int) $this->start(
			array(
				'action' => 'title',
				'filter' => array( 'post_type' => 'post' ),
			)
		)['id'];

		$paused = $this->rest( 'POST', "/iacp/v1/batches/{$id}/pause" );
		$this->assertSame( 'paused', $paused->get_data()['status'] );
		$this->assertSame( 'user', $paused->get_data()['pause_reason'] );
		$this->assertSame( 409, $this->rest( 'POST', "/iacp/v1/batches/{$id}/pause" )->get_status() );
		$this->assertSame( 'planning', $this->rest( 'POST', "/iacp/v1/batches/{$id}/resume" )->get_data()['status'] );
		$this->assertSame( 409, $this->rest( 'POST', "/iacp/v1/batches/{$id}/retry" )->get_status(), 'no failed items' );
		$this->assertSame( 'cancelled', $this->rest( 'POST', "/iacp/v1/batches/{$id}/cancel" )->get_data()['status'] );
		$this->assertSame( 409, $this->rest( 'POST', "/iacp/v1/batches/{$id}/resume" )->get_status() );
	}

	public function test_accept_with_malformed_decisions_is_a_400_naming_the_field(): void {
		$editor = $this->user( 'editor' );
		$this->post( $editor );
		wp_set_current_user( $editor );
		$id = (int) $this->start(
			array(
				'action' => 'title',
				'filter' => array( 'post_type' => 'post' ),
			)
		)['id'];

		$none = $this->rest( 'POST', "/iacp/v1/batches/{$id}/accept", array( 'decisions' => array() ) );
		$this->assertSame( 400, $none->get_status() );
		$this->assertSame( 'decisions', $none->get_data()['data']['field'] );
		$bad = $this->rest(
			'POST',
			"/iacp/v1/batches/{$id}/accept",
			array(
				'decisions' => array(
					array(
						'item'     => 1,
						'decision' => 'maybe',
					),
				),
			)
		);
		$this->assertSame( 'decisions[0]', $bad->get_data()['data']['field'] );
	}

	public function test_nobody_can_start_a_batch_step_job_through_the_jobs_api(): void {
		wp_set_current_user( $this->user( 'administrator' ) );

		$response = $this->rest(
			'POST',
			'/iacp/v1/jobs',
			array(
				'type'  => 'batch_step',
				'input' => array( 'batch_id' => 1 ),
			)
		);

		$this->assertSame( 403, $response->get_status() );
		$this->assertSame( array(), $this->job_types_stored() );
	}

	public function test_the_time_left_comes_from_the_recent_throughput(): void {
		global $wpdb;
		$editor = $this->user( 'editor' );
		$posts  = array();
		for ( $i = 0; $i < 4; $i++ ) {
			$posts[] = $this->post( $editor );
		}
		wp_set_current_user( $editor );
		$id = (int) $this->start(
			array(
				'action'   => 'title',
				'post_ids' => $posts,
			)
		)['id'];
		$this->assertNull( $this->rest( 'GET', '/iacp/v1/batches/' . $id )->get_data()['batch']['eta_seconds'], 'no throughput yet' );
		iacp()->batch_items()->add(
			$id,
			array_map(
				static fn( int $post ): array => array(
					'object_id' => $post,
					'status'    => 'waiting',
					'note'      => null,
				),
				$posts
			)
		);
		// Two of four items ended in the batch's first 120 s: two more take about 120 s.
		$wpdb->query( $wpdb->prepare( 'UPDATE ' . BatchesSchema::batches_table() . ' SET created_at = %d, status = %s WHERE id = %d', time() - 120, 'running', $id ) ); // phpcs:ignore
		$wpdb->query( $wpdb->prepare( 'UPDATE ' . BatchesSchema::items_table() . ' SET status = %s, finished_at = %d WHERE batch_id = %d AND object_id IN (%d, %d)', 'done', time() - 30, $id, $posts[0], $posts[1] ) ); // phpcs:ignore

		$batch = $this->rest( 'GET', '/iacp/v1/batches/' . $id )->get_data()['batch'];

		$this->assertSame( 2, $batch['counts']['done'] );
		$this->assertEqualsWithDelta( 120, $batch['eta_seconds'], 2 );
	}

	private function count_rows( string $table ): int {
		global $wpdb;
		return (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . $table ); // phpcs:ignore
	}

	/**
	 * @return array<string, int>
	 */
	private function job_types_stored(): array {
		global $wpdb;
		$out = array();
		foreach ( (array) $wpdb->get_results( 'SELECT type, COUNT(*) AS n FROM ' . $this->jobs_table() . ' GROUP BY type', ARRAY_A ) as $row ) { // phpcs:ignore
			$out[ (string) $row['type'] ] = (int) $row['n'];
		}
		return $out;
	}
}
