<?php
/**
 * Review mode (`review: true`) for post_field and image: the result is stored with before/after and nothing is
 * written; ReviewedResult::apply() writes it later only while the object still holds `before` and the acting user
 * may still edit it. The image type's set_featured never replaces a featured image, in either mode.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\JobTypes;

use IACP\Jobs\Job;
use IACP\Jobs\JobStatus;
use IACP\JobTypes\ImageFiles;
use IACP\JobTypes\ImageJobHandler;
use IACP\JobTypes\PostFieldJobHandler;
use IACP\JobTypes\ReviewedResult;
use IACP\Settings\Settings;
use IACP\Tests\Providers\AiServerTestCase;

final class ReviewedResultTest extends AiServerTestCase {

	/** @var list<int> Posts whose generated attachments are deleted afterwards. */
	private array $image_posts = array();

	protected function tearDown(): void {
		global $wpdb;
		foreach ( $this->image_posts as $post ) {
			foreach ( $wpdb->get_col( $wpdb->prepare( "SELECT ID FROM {$wpdb->posts} WHERE post_type = 'attachment' AND post_parent = %d", $post ) ) as $id ) {
				wp_delete_attachment( (int) $id, true );
			}
		}
		parent::tearDown();
	}

	/**
	 * Queues (prepare_input, as the queue does) and runs a post_field job; returns it as the queue stores it when done.
	 *
	 * @param array<string, mixed> $input Input.
	 */
	private function run_post_field( array $input, int $post, int $user ): Job {
		$handler = new PostFieldJobHandler( iacp()->ai_provider(), new Settings() );
		wp_set_current_user( $user );
		$prepared = $handler->prepare_input( $input, $post );
		wp_set_current_user( 0 );
		$this->assertIsArray( $prepared );
		$job = InMemoryJobContext::job( PostFieldJobHandler::TYPE, $prepared, $post, null, 1, '', $user );
		return $this->completed( $job, $handler->handle( $job, new InMemoryJobContext() ) );
	}

	/**
	 * @param array<string, mixed> $input Input.
	 */
	private function run_image( array $input, int $post, int $user ): Job {
		$this->image_posts[] = $post;
		$job                 = InMemoryJobContext::job( ImageJobHandler::TYPE, $input, $post, null, 1, '', $user );
		return $this->completed( $job, ( new ImageJobHandler( iacp()->ai_provider(), new Settings(), new ImageFiles() ) )->handle( $job, new InMemoryJobContext() ) );
	}

	/**
	 * The job as the queue leaves it once the handler returned $result.
	 *
	 * @param array<string, mixed> $result Result.
	 */
	private function completed( Job $job, array $result ): Job {
		$fields           = get_object_vars( $job );
		$fields['status'] = JobStatus::COMPLETED;
		$fields['result'] = $result;
		return new Job( ...$fields );
	}

	private function title( int $post ): string {
		clean_post_cache( $post );
		return get_post( $post )->post_title;
	}

	public function test_a_reviewed_title_is_stored_with_before_and_after_and_written_only_when_applied(): void {
		$editor = $this->user( 'editor' );
		$post   = $this->post( $editor, array( 'post_title' => 'Plain title' ) );

		$job = $this->run_post_field( array( 'field' => 'title', 'instruction' => 'Catchier', 'review' => true ), $post, $editor );

		$this->assertTrue( $job->result['review'] );
		$this->assertFalse( $job->result['applied'] );
		$this->assertSame( 'Plain title', $job->result['before'] );
		$this->assertNotSame( '', $job->result['after'] );
		$this->assertSame( 'Plain title', $this->title( $post ), 'review mode writes nothing' );

		$this->assertTrue( ReviewedResult::apply( $job, null, $editor ) );
		$this->assertSame( $job->result['after'], $this->title( $post ) );
		$this->assertTrue( ReviewedResult::apply( $job, null, $editor ), 'accepting again is harmless' );
	}

	public function test_an_edited_value_is_applied_cleaned_instead_of_the_suggestion(): void {
		$editor = $this->user( 'editor' );
		$post   = $this->post( $editor, array( 'post_excerpt' => 'Old excerpt' ) );
		$job    = $this->run_post_field( array( 'field' => 'excerpt', 'review' => true ), $post, $editor );

		$this->assertTrue( ReviewedResult::apply( $job, '<b>My own</b> words', $editor ) );
		clean_post_cache( $post );
		$this->assertSame( 'My own words', get_post( $post )->post_excerpt );

		$empty = ReviewedResult::apply( $this->run_post_field( array( 'field' => 'excerpt', 'review' => true ), $post, $editor ), '  ', $editor );
		$this->assertWPErrorCode( 'iacp_invalid_param', 400, $empty );
		$this->assertSame( 'value', $empty->get_error_data()['field'] );
	}

	public function test_a_human_edit_made_after_the_review_job_ran_wins(): void {
		$editor = $this->user( 'editor' );
		$post   = $this->post( $editor, array( 'post_title' => 'Start' ) );
		$job    = $this->run_post_field( array( 'field' => 'title', 'review' => true ), $post, $editor );
		wp_update_post( array( 'ID' => $post, 'post_title' => 'A person typed this' ) );

		$this->assertWPErrorCode( 'iacp_changed_since', 409, ReviewedResult::apply( $job, null, $editor ) );
		$this->assertSame( 'A person typed this', $this->title( $post ) );
		$this->assertWPErrorCode( 'iacp_changed_since', 409, ReviewedResult::apply( $job, 'Edited by the reviewer', $editor ), 'an edited value obeys the same rule' );
		$this->assertSame( 'A person typed this', $this->title( $post ) );
	}

	public function test_the_acting_user_must_still_be_able_to_edit_the_post(): void {
		$author = $this->user( 'author' );
		$other  = $this->user( 'author' );
		$post   = $this->post( $author, array( 'post_title' => 'Mine' ) );
		$job    = $this->run_post_field( array( 'field' => 'title', 'review' => true ), $post, $author );

		$this->assertWPErrorCode( 'iacp_forbidden', 403, ReviewedResult::apply( $job, null, $other ), 'another author' );
		( new \WP_User( $author ) )->set_role( 'subscriber' );
		$this->assertWPErrorCode( 'iacp_forbidden', 403, ReviewedResult::apply( $job, null, $author ), 'the owner lost the right' );
		$this->assertSame( 'Mine', $this->title( $post ) );
	}

	public function test_only_completed_review_jobs_can_be_applied(): void {
		$editor  = $this->user( 'editor' );
		$post    = $this->post( $editor, array( 'post_title' => 'Applied at once' ) );
		$applied = $this->run_post_field( array( 'field' => 'title' ), $post, $editor );
		$this->assertTrue( $applied->result['applied'], 'without review the job writes as before' );
		$this->assertSame( $applied->result['after'], $this->title( $post ) );
		$this->assertWPErrorCode( 'iacp_not_reviewable', 400, ReviewedResult::apply( $applied, null, $editor ) );

		$running = InMemoryJobContext::job( PostFieldJobHandler::TYPE, array( 'field' => 'title', 'review' => true ), $post, array( 'after' => 'x' ), 1, '', $editor );
		$this->assertWPErrorCode( 'iacp_not_reviewable', 400, ReviewedResult::apply( $running, null, $editor ) );

		$reviewed = $this->run_post_field( array( 'field' => 'title', 'review' => true ), $post, $editor );
		wp_delete_post( $post, true );
		$this->assertWPErrorCode( 'iacp_changed_since', 409, ReviewedResult::apply( $reviewed, null, $editor ), 'a deleted post' );
	}

	public function test_a_reviewed_featured_image_is_proposed_then_set_when_applied(): void {
		$editor = $this->user( 'editor' );
		$post   = $this->post( $editor );
		$job    = $this->run_image( array( 'prompt' => 'A lighthouse', 'size' => '256x256', 'count' => 1, 'set_featured' => true, 'review' => true ), $post, $editor );

		$this->assertTrue( $job->result['review'] );
		$this->assertSame( '', $job->result['before'] );
		$this->assertSame( $job->result['images'][0]['url'], $job->result['after'] );
		$this->assertSame( 0, (int) get_post_thumbnail_id( $post ), 'review mode sets no featured image' );

		$this->assertWPErrorCode( 'iacp_invalid_param', 400, ReviewedResult::apply( $job, 'something', $editor ) );
		$this->assertTrue( ReviewedResult::apply( $job, null, $editor ) );
		$this->assertSame( $job->result['after_id'], (int) get_post_thumbnail_id( $post ) );
		$this->assertTrue( ReviewedResult::apply( $job, null, $editor ), 'accepting again is harmless' );
	}

	public function test_a_featured_image_a_person_set_meanwhile_wins_over_the_reviewed_one(): void {
		$editor = $this->user( 'editor' );
		$post   = $this->post( $editor );
		$job    = $this->run_image( array( 'prompt' => 'A harbour', 'size' => '256x256', 'count' => 2, 'set_featured' => true, 'review' => true ), $post, $editor );
		$chosen = (int) $job->result['images'][1]['attachment_id'];
		set_post_thumbnail( $post, $chosen );

		$this->assertWPErrorCode( 'iacp_changed_since', 409, ReviewedResult::apply( $job, null, $editor ) );
		$this->assertSame( $chosen, (int) get_post_thumbnail_id( $post ) );
	}

	public function test_set_featured_without_review_never_replaces_a_featured_image(): void {
		$editor = $this->user( 'editor' );
		$empty  = $this->post( $editor );
		$set    = $this->run_image( array( 'prompt' => 'A meadow', 'size' => '256x256', 'count' => 1, 'set_featured' => true ), $empty, $editor );
		$this->assertSame( $set->result['images'][0]['attachment_id'], (int) get_post_thumbnail_id( $empty ), 'a post without one gets it' );
		$this->assertSame( $set->result['featured_id'], (int) get_post_thumbnail_id( $empty ) );

		$has      = $this->post( $editor );
		$existing = (int) $set->result['images'][0]['attachment_id'];
		set_post_thumbnail( $has, $existing );
		$kept = $this->run_image( array( 'prompt' => 'A forest', 'size' => '256x256', 'count' => 1, 'set_featured' => true ), $has, $editor );
		$this->assertSame( $existing, (int) get_post_thumbnail_id( $has ), 'the featured image a person chose stays' );
		$this->assertNull( $kept->result['featured_id'] );
		$this->assertSame( 'has_featured_image', $kept->result['note'] );
		$this->assertSame( (string) wp_get_attachment_url( $existing ), $kept->result['before'] );
	}

	/**
	 * @param mixed $value Value.
	 */
	private function assertWPErrorCode( string $code, int $status, $value, string $message = '' ): void {
		$this->assertInstanceOf( \WP_Error::class, $value, $message );
		$this->assertSame( $code, $value->get_error_code(), $message );
		$this->assertSame( $status, $value->get_error_data()['status'], $message );
	}
}
