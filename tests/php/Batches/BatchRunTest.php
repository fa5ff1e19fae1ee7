<?php
/**
 * Batches through the real runner and the local test AI server: each action in apply mode, an author's batch over
 * "all posts" touching only the author's posts, a human edit during the batch, a post deleted mid-batch, pause,
 * resume and cancel, a budget spent mid-batch (paused with when it resumes; resumes then), retry of failed items,
 * and the provider share (never more item jobs queued than twice provider_max_in_flight).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Batches;

use IACP\Batches\BatchStatus;
use IACP\Jobs\PermanentJobError;
use IACP\Queue\RunnerBudget;

final class BatchRunTest extends BatchTestCase {

	public function test_an_excerpt_batch_writes_every_excerpt_and_counts_tokens_from_the_ledger(): void {
		$editor = $this->user( 'editor' );
		$posts  = array();
		for ( $i = 0; $i < 3; $i++ ) {
			$posts[] = $this->post( $editor, array( 'post_content' => 'A long story about apples number ' . $i ) );
		}
		wp_set_current_user( $editor );
		$id = (int) $this->start(
			array(
				'action'   => 'excerpt',
				'mode'     => 'apply',
				'post_ids' => $posts,
			)
		)['id'];

		$this->run_batch_until( $id, array( BatchStatus::COMPLETED ) );

		$data = $this->rest( 'GET', '/iacp/v1/batches/' . $id )->get_data();
		$this->assertSame( 3, $data['batch']['counts']['done'] );
		$this->assertSame( 3, $data['items_total'] );
		$this->assertGreaterThan( 0, $data['batch']['tokens'] );
		foreach ( $data['items'] as $item ) {
			$this->assertSame( 'done', $item['status'] );
			$this->assertSame( '', $item['before'] );
			clean_post_cache( $item['object_id'] );
			$this->assertSame( $item['after'], get_post( $item['object_id'] )->post_excerpt );
			$this->assertNotSame( '', get_post( $item['object_id'] )->post_excerpt );
			$this->assertMatchesRegularExpression( '/^[0-9a-f-]{36}$/', (string) $item['job_id'] );
		}
		$this->assertSame( array_fill_keys( $posts, 1 ), $this->jobs_per_post(), 'one job per post' );
	}

	public function test_a_step_a_worker_takes_the_moment_it_is_queued_drives_the_batch(): void {
		$editor = $this->user( 'editor' );
		$post   = $this->post( $editor );
		wp_set_current_user( $editor );
		// As a polling worker or the instant kick would: the step runs before the start has returned.
		$at_once = static function ( $job ): void {
			if ( 'batch_step' === $job->type ) {
				iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 10, 0, 1, 0.0, 0.05, array( 'batch_step' ) ) );
			}
		};
		add_action( 'iacp_job_enqueued', $at_once );
		try {
			$id = (int) $this->start(
				array(
					'action'   => 'title',
					'post_ids' => array( $post ),
				)
			)['id'];
		} finally {
			remove_action( 'iacp_job_enqueued', $at_once );
		}

		$this->assertSame( array( $post => 1 ), $this->jobs_per_post(), 'that first step planned and queued the item' );
		$this->run_batch_until( $id, array( BatchStatus::COMPLETED ) );
	}

	public function test_a_title_batch_over_a_filter_with_missing_only_takes_posts_without_a_title(): void {
		$editor = $this->user( 'editor' );
		$empty  = $this->post( $editor, array( 'post_title' => '' ) );
		$titled = $this->post( $editor, array( 'post_title' => 'Already fine' ) );
		wp_set_current_user( $editor );
		$id = (int) $this->start(
			array(
				'action' => 'title',
				'filter' => array(
					'post_type' => 'post',
					'author'    => $editor,
					'missing'   => true,
				),
			)
		)['id'];

		$this->run_batch_until( $id, array( BatchStatus::COMPLETED ) );

		$items = $this->items( $id );
		$this->assertSame( array( $empty ), array_keys( $items ) );
		clean_post_cache( $empty );
		$this->assertNotSame( '', get_post( $empty )->post_title );
		$this->assertSame( 'Already fine', get_post( $titled )->post_title );
	}

	public function test_a_featured_image_batch_sets_each_posts_featured_image(): void {
		$editor = $this->user( 'editor' );
		$post   = $this->post( $editor, array( 'post_title' => 'Lighthouse at dusk' ) );
		wp_set_current_user( $editor );
		$id = (int) $this->start(
			array(
				'action'   => 'featured_image',
				'post_ids' => array( $post ),
			)
		)['id'];

		$this->run_batch_until( $id, array( BatchStatus::COMPLETED ), 90 );

		$item = $this->items( $id )[ $post ];
		$this->assertSame( 'done', $item['status'], (string) wp_json_encode( $item ) );
		$thumbnail = (int) get_post_thumbnail_id( $post );
		$this->assertGreaterThan( 0, $thumbnail );
		$this->assertSame( wp_get_attachment_url( $thumbnail ), $item['after'] );
		wp_delete_attachment( $thumbnail, true );
	}

	public function test_an_authors_batch_over_all_posts_touches_only_the_authors_posts(): void {
		$author = $this->user( 'author' );
		$other  = $this->user( 'editor' );
		$mine   = $this->post( $author, array( 'post_status' => 'publish' ) );
		$theirs = $this->post( $other, array( 'post_status' => 'publish' ) );
		wp_set_current_user( $author );
		$batch = $this->start(
			array(
				'action' => 'excerpt',
				'filter' => array( 'post_type' => 'post' ),
			)
		);
		$this->assertSame( 1, $batch['counts']['total'], 'the total counts only what the author may edit' );

		$this->run_batch_until( (int) $batch['id'], array( BatchStatus::COMPLETED ) );

		$this->assertSame( array( $mine ), array_keys( $this->items( (int) $batch['id'] ) ) );
		clean_post_cache( $theirs );
		$this->assertSame( '', get_post( $theirs )->post_excerpt, 'the editor\'s post is untouched' );
		$this->assertArrayNotHasKey( $theirs, $this->jobs_per_post() );
	}

	public function test_an_author_naming_another_users_posts_by_id_plans_nothing_and_writes_nothing(): void {
		$author = $this->user( 'author' );
		$other  = $this->user( 'editor' );
		$theirs = $this->post( $other, array( 'post_status' => 'publish' ) );
		wp_set_current_user( $author );
		$id = (int) $this->start(
			array(
				'action'   => 'excerpt',
				'post_ids' => array( $theirs ),
			)
		)['id'];

		$this->run_batch_until( $id, array( BatchStatus::COMPLETED ) );

		$this->assertSame( array(), $this->items( $id ), 'planning leaves out posts the owner may not edit' );
		clean_post_cache( $theirs );
		$this->assertSame( '', get_post( $theirs )->post_excerpt );
		$this->assertSame( array(), $this->jobs_per_post() );
	}

	public function test_a_human_edit_made_while_the_item_waits_wins(): void {
		$editor = $this->user( 'editor' );
		$post   = $this->post( $editor );
		wp_set_current_user( $editor );
		$id = (int) $this->start(
			array(
				'action'   => 'excerpt',
				'post_ids' => array( $post ),
			)
		)['id'];
		// The step plans and queues the item's job; the job does not run yet.
		iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 10, 0, 1, 0.0, 0.05, array( 'batch_step' ) ) );
		$this->assertSame( array( $post => 1 ), $this->jobs_per_post() );

		wp_update_post(
			array(
				'ID'           => $post,
				'post_excerpt' => 'Written by a person.',
			)
		);
		$this->run_batch_until( $id, array( BatchStatus::COMPLETED ) );

		clean_post_cache( $post );
		$this->assertSame( 'Written by a person.', get_post( $post )->post_excerpt );
		$item = $this->items( $id )[ $post ];
		$this->assertSame( 'skipped', $item['status'] );
		$this->assertSame( 'newer_edit', $item['note'] );
	}

	public function test_a_post_deleted_mid_batch_is_skipped_with_a_note(): void {
		$editor = $this->user( 'editor' );
		$kept   = $this->post( $editor );
		$gone   = $this->post( $editor );
		$queued = $this->post( $editor );
		wp_set_current_user( $editor );
		$this->settings( array( 'provider_max_in_flight' => 1 ) );
		$id = (int) $this->start(
			array(
				'action'   => 'excerpt',
				'post_ids' => array( $kept, $gone, $queued ),
			)
		)['id'];
		// One step: plans all three and queues two (twice provider_max_in_flight = 2), in ID order.
		iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 10, 0, 1, 0.0, 0.05, array( 'batch_step' ) ) );
		$this->assertSame(
			array(
				$kept => 1,
				$gone => 1,
			),
			$this->jobs_per_post()
		);
		wp_delete_post( $gone, true );   // Its job is queued.
		wp_delete_post( $queued, true ); // Not queued yet.

		$this->run_batch_until( $id, array( BatchStatus::COMPLETED ) );

		$items = $this->items( $id );
		$this->assertSame( 'done', $items[ $kept ]['status'] );
		$this->assertSame( array( 'skipped', 'deleted' ), array( $items[ $gone ]['status'], $items[ $gone ]['note'] ) );
		$this->assertSame( array( 'skipped', 'deleted' ), array( $items[ $queued ]['status'], $items[ $queued ]['note'] ) );
	}

	public function test_pause_takes_back_queued_jobs_and_resume_finishes_the_batch(): void {
		$editor = $this->user( 'editor' );
		$posts  = array( $this->post( $editor ), $this->post( $editor ), $this->post( $editor ) );
		wp_set_current_user( $editor );
		$id = (int) $this->start(
			array(
				'action'   => 'excerpt',
				'post_ids' => $posts,
			)
		)['id'];
		iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 10, 0, 1, 0.0, 0.05, array( 'batch_step' ) ) );
		$this->assertCount( 3, $this->jobs_per_post() );

		$paused = $this->rest( 'POST', "/iacp/v1/batches/{$id}/pause" )->get_data();

		$this->assertSame( 'paused', $paused['status'] );
		$this->assertSame( 3, $paused['counts']['waiting'], 'queued jobs were taken back' );
		$this->run_batch_until( $id, array( BatchStatus::PAUSED ), 5 );
		foreach ( $posts as $post ) {
			clean_post_cache( $post );
			$this->assertSame( '', get_post( $post )->post_excerpt, 'nothing written while paused' );
		}

		$this->assertSame( 'running', $this->rest( 'POST', "/iacp/v1/batches/{$id}/resume" )->get_data()['status'] );
		$this->run_batch_until( $id, array( BatchStatus::COMPLETED ) );
		$this->assertSame( 3, $this->rest( 'GET', '/iacp/v1/batches/' . $id )->get_data()['batch']['counts']['done'] );
	}

	public function test_cancel_stops_the_batch_and_writes_nothing_more(): void {
		$editor = $this->user( 'editor' );
		$posts  = array( $this->post( $editor ), $this->post( $editor ) );
		wp_set_current_user( $editor );
		$id = (int) $this->start(
			array(
				'action'   => 'excerpt',
				'post_ids' => $posts,
			)
		)['id'];
		iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 10, 0, 1, 0.0, 0.05, array( 'batch_step' ) ) );

		$this->assertSame( 'cancelled', $this->rest( 'POST', "/iacp/v1/batches/{$id}/cancel" )->get_data()['status'] );
		iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 10, 0, 0, 0.0, 0.05, array( 'batch_step', 'post_field' ) ) );

		foreach ( $posts as $post ) {
			clean_post_cache( $post );
			$this->assertSame( '', get_post( $post )->post_excerpt );
		}
		$this->assertSame( 'cancelled', $this->batch( $id )->status );
	}

	public function test_a_budget_spent_mid_batch_pauses_it_until_the_reset_and_it_resumes_then(): void {
		$author = $this->user( 'author' );
		$posts  = array();
		for ( $i = 0; $i < 4; $i++ ) {
			$posts[] = $this->post( $author );
		}
		wp_set_current_user( $author );
		// One item at a time; a budget of one token: the first answer spends it.
		$this->settings(
			array(
				'provider_max_in_flight' => 1,
				'daily_token_budgets'    => array( 'author' => 1 ),
			)
		);
		$id = (int) $this->start(
			array(
				'action'   => 'excerpt',
				'post_ids' => $posts,
			)
		)['id'];

		$batch = $this->run_batch_until( $id, array( BatchStatus::PAUSED ) );

		$this->assertSame( BatchStatus::PAUSE_BUDGET, $batch->pause_reason );
		$data = $this->rest( 'GET', '/iacp/v1/batches/' . $id )->get_data()['batch'];
		$this->assertSame( 'budget', $data['pause_reason'] );
		$this->assertSame( 'Paused: daily budget reached, resumes at 00:00 UTC', $data['pause_message'] );
		$this->assertSame( (int) ( floor( time() / DAY_IN_SECONDS ) + 1 ) * DAY_IN_SECONDS, $batch->resume_at );
		$done = $data['counts']['done'];
		$this->assertGreaterThanOrEqual( 1, $done );
		$this->assertLessThan( 4, $done, 'stopped before the end' );
		$this->assertSame( 0, $data['counts']['running'], 'no job left queued or half-done' );
		$this->assertSame( 4 - $done, $data['counts']['waiting'] );

		// Midnight comes (the reset moved into the past; the new day's budget has room).
		$this->settings( array( 'daily_token_budgets' => array() ) );
		global $wpdb;
		$wpdb->update( \IACP\Batches\BatchesSchema::batches_table(), array( 'resume_at' => time() - 1 ), array( 'id' => $id ) ); // phpcs:ignore
		$this->run_batch_until( $id, array( BatchStatus::COMPLETED ) );
		$this->assertSame( 4, $this->rest( 'GET', '/iacp/v1/batches/' . $id )->get_data()['batch']['counts']['done'] );
	}

	public function test_a_step_that_fails_for_good_pauses_its_batch_with_the_reason_and_resume_finishes_it(): void {
		$editor = $this->user( 'editor' );
		$posts  = array( $this->post( $editor ), $this->post( $editor ) );
		wp_set_current_user( $editor );
		$id = (int) $this->start(
			array(
				'action' => 'excerpt',
				'filter' => array(
					'post_type' => 'post',
					'author'    => $editor,
				),
			)
		)['id'];
		// Planning breaks for good (as a database or plugin fault would): the step fails, its batch must not stay active.
		$broken = static function (): void {
			throw new PermanentJobError( 'Planning broke.', 'test_planning_broke' );
		};
		add_action( 'pre_get_posts', $broken );
		try {
			$paused = $this->run_batch_until( $id, array( BatchStatus::PAUSED, BatchStatus::COMPLETED ), 20, array( 'batch_step' ) );
		} finally {
			remove_action( 'pre_get_posts', $broken );
		}

		$this->assertSame( BatchStatus::PAUSED, $paused->status );
		$shown = $this->rest( 'GET', '/iacp/v1/batches/' . $id )->get_data()['batch'];
		$this->assertSame( 'error', $shown['pause_reason'] );
		$this->assertStringContainsString( 'Resume', (string) $shown['pause_message'] );

		$this->assertSame( 'planning', $this->rest( 'POST', "/iacp/v1/batches/{$id}/resume" )->get_data()['status'] );
		$this->run_batch_until( $id, array( BatchStatus::COMPLETED ) );
		foreach ( $posts as $post ) {
			clean_post_cache( $post );
			$this->assertNotSame( '', get_post( $post )->post_excerpt, 'resumed, the batch wrote every excerpt' );
		}
	}

	public function test_a_waiting_step_cancelled_from_the_jobs_screen_pauses_its_batch_and_resume_finishes_it(): void {
		$editor = $this->user( 'editor' );
		$post   = $this->post( $editor );
		wp_set_current_user( $editor );
		$id = (int) $this->start(
			array(
				'action'   => 'excerpt',
				'post_ids' => array( $post ),
			)
		)['id'];
		// No worker has run: the step (a job of no user) waits, and an administrator cancels it from the Jobs screen.
		$step = iacp()->job_repository()->find( (int) $this->batch( $id )->driver_job_id );
		$this->assertNotNull( $step );
		$this->assertSame( 'pending', $step->status );
		wp_set_current_user( $this->user( 'administrator' ) );
		$cancelled = $this->rest( 'POST', '/iacp/v1/jobs/' . $step->public_id . '/cancel' );
		$this->assertSame( 200, $cancelled->get_status(), (string) wp_json_encode( $cancelled->get_data() ) );
		$this->assertSame( 'cancelled', $cancelled->get_data()['status'] );

		$shown = $this->rest( 'GET', '/iacp/v1/batches/' . $id )->get_data()['batch'];
		$this->assertSame( 'paused', $shown['status'], 'nothing drives the batch any more: it must not stay active' );
		$this->assertSame( 'error', $shown['pause_reason'] );
		$this->assertStringContainsString( 'cancelled', (string) $shown['pause_message'] );

		wp_set_current_user( $editor );
		$this->assertSame( 'planning', $this->rest( 'POST', "/iacp/v1/batches/{$id}/resume" )->get_data()['status'] );
		$this->run_batch_until( $id, array( BatchStatus::COMPLETED ) );
		clean_post_cache( $post );
		$this->assertNotSame( '', get_post( $post )->post_excerpt, 'resumed, the batch wrote the excerpt' );
	}

	public function test_failed_items_are_retried_with_a_new_job_each(): void {
		$editor = $this->user( 'editor' );
		$post   = $this->post( $editor, array( 'post_content' => 'Fails first. [[fault:401 key=' . wp_generate_password( 8, false ) . ']]' ) );
		wp_set_current_user( $editor );
		$id = (int) $this->start(
			array(
				'action'   => 'excerpt',
				'post_ids' => array( $post ),
			)
		)['id'];
		$this->run_batch_until( $id, array( BatchStatus::COMPLETED ) );
		$this->assertSame( 'failed', $this->items( $id )[ $post ]['status'] );
		$this->assertNotNull( $this->items( $id )[ $post ]['error'] );

		wp_update_post(
			array(
				'ID'           => $post,
				'post_content' => 'Works now.',
			)
		);
		$this->assertSame( 'running', $this->rest( 'POST', "/iacp/v1/batches/{$id}/retry" )->get_data()['status'] );
		$this->run_batch_until( $id, array( BatchStatus::COMPLETED ) );

		$this->assertSame( 'done', $this->items( $id )[ $post ]['status'] );
		$this->assertSame( array( $post => 2 ), $this->jobs_per_post(), 'a new job for the retry' );
	}

	public function test_a_step_queues_no_more_than_twice_the_providers_in_flight_limit(): void {
		$editor = $this->user( 'editor' );
		$posts  = array();
		for ( $i = 0; $i < 7; $i++ ) {
			$posts[] = $this->post( $editor );
		}
		wp_set_current_user( $editor );
		$this->settings( array( 'provider_max_in_flight' => 2 ) );
		$id = (int) $this->start(
			array(
				'action'   => 'title',
				'post_ids' => $posts,
			)
		)['id'];

		iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 10, 0, 1, 0.0, 0.05, array( 'batch_step' ) ) );

		$counts = $this->rest( 'GET', '/iacp/v1/batches/' . $id )->get_data()['batch']['counts'];
		$this->assertSame( 7, $counts['planned'] );
		$this->assertSame( 4, $counts['running'] );
		$this->assertSame( 3, $counts['waiting'] );
		$this->assertCount( 4, $this->jobs_per_post() );
	}
}
