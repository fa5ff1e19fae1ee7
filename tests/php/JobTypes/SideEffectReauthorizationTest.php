<?php
/**
 * Side effects are authorized again when they happen: a post_field write, the image job's Media Library step and
 * its featured image run only while the job's owner may still edit the post. Otherwise the job fails with a clear
 * error and nothing is written — also when the right is lost while the AI is answering.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\JobTypes;

use IACP\Jobs\JobStatus;
use IACP\Jobs\PermanentJobError;
use IACP\JobTypes\ImageFiles;
use IACP\JobTypes\ImageJobHandler;
use IACP\JobTypes\PostFieldJobHandler;
use IACP\Providers\AiProvider;
use IACP\Providers\ChatResult;
use IACP\Providers\ImageBatch;
use IACP\Queue\RunnerBudget;
use IACP\Settings\Settings;
use IACP\Tests\Providers\AiServerTestCase;

final class SideEffectReauthorizationTest extends AiServerTestCase {

	private int $author;

	private int $post;

	protected function setUp(): void {
		parent::setUp();
		// An author may edit their own draft: the right this test takes away.
		$this->author = $this->user( 'author' );
		$this->post   = $this->post( $this->author, array( 'post_title' => 'The author’s title' ) );
	}

	protected function tearDown(): void {
		global $wpdb;
		foreach ( $wpdb->get_col( $wpdb->prepare( "SELECT ID FROM {$wpdb->posts} WHERE post_type = 'attachment' AND post_parent = %d", $this->post ) ) as $id ) {
			wp_delete_attachment( (int) $id, true );
		}
		parent::tearDown();
	}

	private function demote_author(): void {
		( new \WP_User( $this->author ) )->set_role( 'subscriber' );
	}

	/**
	 * The real provider, with $before run just before each call reaches it (the right is lost while the AI works).
	 */
	private function provider_losing_the_right_midway( callable $before ): AiProvider {
		return new class( iacp()->ai_provider(), \Closure::fromCallable( $before ) ) implements AiProvider {
			public function __construct( private readonly AiProvider $inner, private readonly \Closure $before ) {}

			public function chat( array $messages, array $options = array(), ?callable $on_delta = null ): ChatResult {
				( $this->before )();
				return $this->inner->chat( $messages, $options, $on_delta );
			}

			public function images( string $prompt, string $size, int $count, array $options = array() ): ImageBatch {
				( $this->before )();
				return $this->inner->images( $prompt, $size, $count, $options );
			}

			public function models(): array {
				return $this->inner->models();
			}
		};
	}

	/**
	 * @param array<string, mixed> $input Input.
	 */
	private function post_field_job( array $input ): \IACP\Jobs\Job {
		// What the queue does at enqueue time: the field's value then becomes `original`.
		$input = ( new PostFieldJobHandler( iacp()->ai_provider(), new Settings() ) )->prepare_input( $input, $this->post );
		return InMemoryJobContext::job( 'post_field', $input, $this->post, null, 1, '', $this->author );
	}

	private function assertFailsForTheOwner( callable $run ): void {
		try {
			$run();
			$this->fail( 'the job went on without the owner’s right to edit the post' );
		} catch ( PermanentJobError $error ) {
			$this->assertSame( 'owner_cannot_edit_post', $error->error_code() );
			$this->assertStringContainsString( 'may no longer edit the post', $error->getMessage() );
		}
	}

	public function test_a_post_field_job_writes_nothing_once_its_owner_may_not_edit_the_post(): void {
		$job = $this->post_field_job( array( 'field' => 'title' ) );
		$this->demote_author();

		$this->assertFailsForTheOwner( fn() => ( new PostFieldJobHandler( iacp()->ai_provider(), new Settings() ) )->handle( $job, new InMemoryJobContext() ) );

		clean_post_cache( $this->post );
		$this->assertSame( 'The author’s title', get_post( $this->post )->post_title );
		$this->assertSame( array(), $this->server_requests(), 'checked before paying for the AI' );
	}

	public function test_a_post_field_job_writes_nothing_when_the_right_is_lost_while_the_ai_answers(): void {
		$job     = $this->post_field_job( array( 'field' => 'title' ) );
		$handler = new PostFieldJobHandler( $this->provider_losing_the_right_midway( fn() => $this->demote_author() ), new Settings() );

		$this->assertFailsForTheOwner( fn() => $handler->handle( $job, new InMemoryJobContext() ) );

		clean_post_cache( $this->post );
		$this->assertSame( 'The author’s title', get_post( $this->post )->post_title );
		$this->assertCount( 1, $this->server_requests(), 'the AI was asked, its answer was not written' );
	}

	public function test_the_owner_who_keeps_the_right_still_gets_the_write(): void {
		$result = ( new PostFieldJobHandler( iacp()->ai_provider(), new Settings() ) )->handle( $this->post_field_job( array( 'field' => 'title' ) ), new InMemoryJobContext() );

		$this->assertTrue( $result['applied'] );
	}

	public function test_through_the_runner_the_job_fails_with_the_reason_in_words(): void {
		add_filter( 'iacp_instant_kick', '__return_false' );
		wp_set_current_user( $this->author );
		$queued = iacp()->job_queue()->enqueue( 'post_field', array( 'field' => 'excerpt' ), array( 'post_id' => $this->post ) );
		wp_set_current_user( 0 );
		$this->assertNotWPError( $queued );
		$this->demote_author();

		iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 20, 0, 1, 0.0, 0.05, array( 'post_field' ) ) );
		remove_filter( 'iacp_instant_kick', '__return_false' );

		$job = iacp()->job_repository()->find( $queued->job->id );
		$this->assertSame( JobStatus::FAILED, $job->status );
		$this->assertSame( 'owner_cannot_edit_post', $job->error_code );
		$this->assertSame( 1, $job->attempts, 'permanent: not retried' );
		clean_post_cache( $this->post );
		$this->assertSame( '', get_post( $this->post )->post_excerpt );
	}

	public function test_an_image_job_adds_nothing_and_sets_no_featured_image_when_the_right_is_lost_while_generating(): void {
		$job     = InMemoryJobContext::job( 'image', array( 'prompt' => 'A kite', 'size' => '256x256', 'count' => 1, 'set_featured' => true ), $this->post, null, 1, '', $this->author );
		$handler = new ImageJobHandler( $this->provider_losing_the_right_midway( fn() => $this->demote_author() ), new Settings(), new ImageFiles() );

		$this->assertFailsForTheOwner( fn() => $handler->handle( $job, new InMemoryJobContext() ) );

		$this->assertSame( 0, (int) get_post_thumbnail_id( $this->post ) );
		$this->assertSame( array(), get_children( array( 'post_parent' => $this->post, 'post_type' => 'attachment' ) ), 'nothing attached to the post' );
	}

	public function test_the_featured_image_is_not_set_when_the_right_is_lost_while_images_are_added(): void {
		$job = InMemoryJobContext::job( 'image', array( 'prompt' => 'A kite', 'size' => '256x256', 'count' => 1, 'set_featured' => true ), $this->post, null, 1, '', $this->author );
		$demote = fn() => $this->demote_author();
		add_action( 'add_attachment', $demote );
		try {
			$this->assertFailsForTheOwner( fn() => ( new ImageJobHandler( iacp()->ai_provider(), new Settings(), new ImageFiles() ) )->handle( $job, new InMemoryJobContext() ) );
		} finally {
			remove_action( 'add_attachment', $demote );
		}

		$this->assertSame( 0, (int) get_post_thumbnail_id( $this->post ), 'no featured image written' );
	}
}
