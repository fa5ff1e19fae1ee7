<?php
/**
 * Review mode: results wait (nothing written) and are applied on accept through ReviewedResult::apply(), by the
 * rule that protects single jobs. Accept with an edited value, reject, accept all, a replayed accept (nothing applied
 * twice), a human edit or a delete while the result waited, an owner who lost the post, and a contributor accepting
 * items of someone else's batch through their own.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Batches;

use IACP\Batches\BatchStatus;

final class BatchReviewTest extends BatchTestCase {

	/**
	 * A finished review batch of excerpts over new posts of a user, as that user: [batch id, post ids].
	 *
	 * @return array{int, list<int>}
	 */
	private function reviewed_excerpts( int $user, int $count ): array {
		$posts = array();
		for ( $i = 0; $i < $count; $i++ ) {
			$posts[] = $this->post( $user, array( 'post_content' => 'Review story ' . $i ) );
		}
		wp_set_current_user( $user );
		$id = (int) $this->start(
			array(
				'action'   => 'excerpt',
				'mode'     => 'review',
				'post_ids' => $posts,
			)
		)['id'];
		$this->run_batch_until( $id, array( BatchStatus::COMPLETED ) );
		return array( $id, $posts );
	}

	private function excerpt( int $post ): string {
		clean_post_cache( $post );
		return get_post( $post )->post_excerpt;
	}

	public function test_results_wait_for_review_then_accept_edit_and_reject_apply_once(): void {
		$author         = $this->user( 'author' );
		[ $id, $posts ] = $this->reviewed_excerpts( $author, 3 );
		$items          = $this->items( $id );
		foreach ( $posts as $post ) {
			$this->assertSame( 'review', $items[ $post ]['status'] );
			$this->assertSame( '', $items[ $post ]['before'] );
			$this->assertNotSame( '', (string) $items[ $post ]['after'] );
			$this->assertSame( '', $this->excerpt( $post ), 'nothing written before review' );
		}
		$decisions = array(
			array(
				'item'     => $items[ $posts[0] ]['id'],
				'decision' => 'accept',
			),
			array(
				'item'     => $items[ $posts[1] ]['id'],
				'decision' => 'accept',
				'value'    => 'Edited by the reviewer.',
			),
			array(
				'item'     => $items[ $posts[2] ]['id'],
				'decision' => 'reject',
			),
		);

		$answer = $this->rest( 'POST', "/iacp/v1/batches/{$id}/accept", array( 'decisions' => $decisions ) )->get_data();

		$this->assertSame( array( 2, 1, array() ), array( $answer['applied'], $answer['rejected'], $answer['conflicts'] ) );
		$this->assertSame( $items[ $posts[0] ]['after'], $this->excerpt( $posts[0] ) );
		$this->assertSame( 'Edited by the reviewer.', $this->excerpt( $posts[1] ) );
		$this->assertSame( '', $this->excerpt( $posts[2] ) );
		$this->assertSame( array( 2, 1, 0 ), array( $answer['batch']['counts']['accepted'], $answer['batch']['counts']['rejected'], $answer['batch']['counts']['review'] ) );

		// A replayed accept (a double click, a resent request) applies nothing again.
		wp_update_post(
			array(
				'ID'           => $posts[0],
				'post_excerpt' => 'Changed after the accept.',
			)
		);
		$replay = $this->rest( 'POST', "/iacp/v1/batches/{$id}/accept", array( 'decisions' => $decisions ) )->get_data();
		$this->assertSame( array( 0, 0 ), array( $replay['applied'], $replay['rejected'] ) );
		$this->assertSame( array( 'iacp_item_not_in_review', 'iacp_item_not_in_review', 'iacp_item_not_in_review' ), array_column( $replay['conflicts'], 'code' ) );
		$this->assertSame( 'Changed after the accept.', $this->excerpt( $posts[0] ) );
	}

	public function test_accept_all_applies_every_waiting_result_and_a_newer_human_edit_wins(): void {
		$editor         = $this->user( 'editor' );
		[ $id, $posts ] = $this->reviewed_excerpts( $editor, 3 );
		wp_update_post(
			array(
				'ID'           => $posts[1],
				'post_excerpt' => 'A person wrote this meanwhile.',
			)
		);
		wp_delete_post( $posts[2], true );

		$answer = $this->rest( 'POST', "/iacp/v1/batches/{$id}/accept", array( 'all' => true ) )->get_data();

		$this->assertSame( 1, $answer['applied'] );
		$this->assertSame( array( 'iacp_changed_since', 'iacp_changed_since' ), array_column( $answer['conflicts'], 'code' ) );
		$this->assertNotSame( '', $this->excerpt( $posts[0] ) );
		$this->assertSame( 'A person wrote this meanwhile.', $this->excerpt( $posts[1] ) );
		$items = $this->items( $id );
		$this->assertSame( array( 'skipped', 'newer_edit' ), array( $items[ $posts[1] ]['status'], $items[ $posts[1] ]['note'] ) );
		$this->assertSame( 0, $answer['batch']['counts']['review'] );
	}

	public function test_an_owner_who_lost_the_post_cannot_apply_and_the_item_keeps_waiting(): void {
		$author         = $this->user( 'author' );
		[ $id, $posts ] = $this->reviewed_excerpts( $author, 1 );
		$item           = $this->items( $id )[ $posts[0] ];
		wp_update_post(
			array(
				'ID'          => $posts[0],
				'post_author' => $this->user( 'editor' ),
			)
		);

		$answer = $this->rest(
			'POST',
			"/iacp/v1/batches/{$id}/accept",
			array(
				'decisions' => array(
					array(
						'item'     => $item['id'],
						'decision' => 'accept',
					),
				),
			)
		)->get_data();

		$this->assertSame( 0, $answer['applied'] );
		$this->assertSame( 'iacp_forbidden', $answer['conflicts'][0]['code'] );
		$this->assertSame( '', $this->excerpt( $posts[0] ) );
		$this->assertSame( 'review', $this->items( $id )[ $posts[0] ]['status'] ?? null, 'a manager may still decide it' );
	}

	public function test_a_contributor_cannot_accept_items_of_another_users_batch_through_their_own(): void {
		$author             = $this->user( 'author' );
		[ $theirs, $posts ] = $this->reviewed_excerpts( $author, 1 );
		$foreign_item       = $this->items( $theirs )[ $posts[0] ]['id'];
		$contributor        = $this->user( 'contributor' );
		$own_post           = $this->post( $contributor );
		wp_set_current_user( $contributor );
		$mine = (int) $this->start(
			array(
				'action'   => 'title',
				'mode'     => 'review',
				'post_ids' => array( $own_post ),
			)
		)['id'];

		$answer = $this->rest(
			'POST',
			"/iacp/v1/batches/{$mine}/accept",
			array(
				'decisions' => array(
					array(
						'item'     => $foreign_item,
						'decision' => 'accept',
					),
				),
			)
		)->get_data();
		$direct = $this->rest( 'POST', "/iacp/v1/batches/{$theirs}/accept", array( 'all' => true ) );

		$this->assertSame( 'iacp_item_not_found', $answer['conflicts'][0]['code'] );
		$this->assertSame( 404, $direct->get_status() );
		$this->assertSame( '', $this->excerpt( $posts[0] ) );
		wp_set_current_user( $author );
		$this->assertSame( 'review', $this->items( $theirs )[ $posts[0] ]['status'] );
	}

	public function test_a_featured_image_waits_for_review_and_accept_sets_it(): void {
		$editor = $this->user( 'editor' );
		$post   = $this->post( $editor, array( 'post_title' => 'Harbour in the fog' ) );
		wp_set_current_user( $editor );
		$id = (int) $this->start(
			array(
				'action'   => 'featured_image',
				'mode'     => 'review',
				'post_ids' => array( $post ),
			)
		)['id'];
		$this->run_batch_until( $id, array( BatchStatus::COMPLETED ), 90 );
		$item = $this->items( $id )[ $post ];
		$this->assertSame( 'review', $item['status'], (string) wp_json_encode( $item ) );
		$this->assertSame( 0, (int) get_post_thumbnail_id( $post ) );

		$answer = $this->rest( 'POST', "/iacp/v1/batches/{$id}/accept", array( 'all' => true ) )->get_data();

		$this->assertSame( 1, $answer['applied'], (string) wp_json_encode( $answer['conflicts'] ) );
		$thumbnail = (int) get_post_thumbnail_id( $post );
		$this->assertSame( $item['after'], wp_get_attachment_url( $thumbnail ) );
		wp_delete_attachment( $thumbnail, true );
	}

	public function test_a_rejected_featured_image_leaves_the_media_library_unless_a_post_uses_it(): void {
		$editor = $this->user( 'editor' );
		$posts  = array( $this->post( $editor, array( 'post_title' => 'Lighthouse at dusk' ) ), $this->post( $editor, array( 'post_title' => 'Pier at noon' ) ) );
		wp_set_current_user( $editor );
		$id = (int) $this->start(
			array(
				'action'   => 'featured_image',
				'mode'     => 'review',
				'post_ids' => $posts,
			)
		)['id'];
		$this->run_batch_until( $id, array( BatchStatus::COMPLETED ), 90 );
		$items     = $this->items( $id );
		$proposals = array();
		foreach ( $posts as $post ) {
			$this->assertSame( 'review', $items[ $post ]['status'], (string) wp_json_encode( $items[ $post ] ) );
			$proposals[ $post ] = (int) iacp()->job_repository()->find_by_public_id( (string) $items[ $post ]['job_id'] )?->result['after_id'];
			$this->assertTrue( wp_attachment_is_image( $proposals[ $post ] ), 'the proposal waits in the Media Library' );
		}
		// Meanwhile a person chose the second proposal as another post's featured image: it is in use now.
		$other = $this->post( $editor );
		set_post_thumbnail( $other, $proposals[ $posts[1] ] );

		$answer = $this->rest(
			'POST',
			"/iacp/v1/batches/{$id}/accept",
			array(
				'decisions' => array(
					array(
						'item'     => (int) $items[ $posts[0] ]['id'],
						'decision' => 'reject',
					),
					array(
						'item'     => (int) $items[ $posts[1] ]['id'],
						'decision' => 'reject',
					),
				),
			)
		)->get_data();

		$this->assertSame( 2, $answer['rejected'], (string) wp_json_encode( $answer ) );
		$this->assertNull( get_post( $proposals[ $posts[0] ] ), 'the unused rejected image is deleted' );
		$this->assertTrue( wp_attachment_is_image( $proposals[ $posts[1] ] ), 'an image a post shows is kept' );
		$this->assertSame( 0, (int) get_post_thumbnail_id( $posts[0] ) );
		$this->assertSame( 0, (int) get_post_thumbnail_id( $posts[1] ) );
		wp_delete_attachment( $proposals[ $posts[1] ], true );
	}
}
