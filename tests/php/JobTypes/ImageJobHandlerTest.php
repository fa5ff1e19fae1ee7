<?php
/**
 * The `image` job type: previews first (temporary files, never base64 in the database), then exactly one Media
 * Library attachment per image, even when stage two crashes and runs again.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\JobTypes;

use IACP\JobTypes\ImageFiles;
use IACP\JobTypes\ImageJobHandler;
use IACP\Settings\Settings;
use IACP\Tests\Providers\AiServerTestCase;

final class ImageJobHandlerTest extends AiServerTestCase {

	/** @var list<int> */
	private array $attachments = array();

	protected function tearDown(): void {
		foreach ( $this->attachments as $id ) {
			wp_delete_attachment( $id, true );
		}
		parent::tearDown();
	}

	private function handler(): ImageJobHandler {
		return new ImageJobHandler( iacp()->ai_provider(), new Settings(), new ImageFiles() );
	}

	/**
	 * @return list<int>
	 */
	private function attachments_of( string $public_id ): array {
		global $wpdb;
		$ids               = array_map( 'intval', $wpdb->get_col( $wpdb->prepare( "SELECT post_id FROM {$wpdb->postmeta} WHERE meta_key = %s AND meta_value LIKE %s", ImageJobHandler::META_KEY, $wpdb->esc_like( $public_id . ':' ) . '%' ) ) );
		$this->attachments = array_values( array_unique( array_merge( $this->attachments, $ids ) ) );
		return $ids;
	}

	public function test_previews_are_checkpointed_then_each_image_becomes_one_attachment(): void {
		$post    = $this->post( $this->user( 'editor' ) );
		$job     = InMemoryJobContext::job( 'image', array( 'prompt' => 'A red kite over hills', 'size' => '256x256', 'count' => 2, 'set_featured' => true ), $post );
		$context = new InMemoryJobContext();

		$result = $this->handler()->handle( $job, $context );

		$first = $context->checkpoints[0];
		$this->assertCount( 2, $first['images'] );
		foreach ( $first['images'] as $i => $image ) {
			$this->assertSame( 'pending', $image['status'] );
			$this->assertSame( $i, $image['index'] );
			$this->assertMatchesRegularExpression( '#/uploads/iacp-tmp/[a-f0-9]{32}/image-' . $i . '\.png$#', $image['preview_url'] );
		}
		$this->assertLessThan( 2000, strlen( (string) wp_json_encode( $context->checkpoints ) ), 'no image data in checkpoints' );
		$this->assertCount( 3, $context->checkpoints, 'one checkpoint for the previews, one per image added' );

		$ids = $this->attachments_of( $job->public_id );
		$this->assertCount( 2, $ids );
		foreach ( $result['images'] as $image ) {
			$this->assertSame( 'completed', $image['status'] );
			$this->assertContains( $image['attachment_id'], $ids );
			$this->assertSame( $post, (int) get_post( $image['attachment_id'] )->post_parent );
			$this->assertSame( 'A red kite over hills', get_post_meta( $image['attachment_id'], '_wp_attachment_image_alt', true ) );
			$this->assertNotEmpty( wp_get_attachment_metadata( $image['attachment_id'] ) );
		}
		$this->assertSame( $result['images'][0]['attachment_id'], (int) get_post_thumbnail_id( $post ) );
		$this->assertSame( $result['featured_id'], (int) get_post_thumbnail_id( $post ) );
		$previews = wp_upload_dir()['basedir'] . '/iacp-tmp/' . $first['tmp_folder'];
		$this->assertDirectoryExists( $previews, 'an editor may still be loading the previews it was just sent' );
		$due = wp_next_scheduled( ImageFiles::DELETE_HOOK, array( $first['tmp_folder'] ) );
		$this->assertIsInt( $due, 'their deletion is scheduled' );
		$this->assertGreaterThanOrEqual( time() + ImageFiles::LINGER - 5, $due );
		wp_unschedule_event( $due, ImageFiles::DELETE_HOOK, array( $first['tmp_folder'] ) );
		do_action( ImageFiles::DELETE_HOOK, $first['tmp_folder'] );
		$this->assertDirectoryDoesNotExist( $previews, 'and the event removes them' );
	}

	public function test_a_crash_after_the_first_attachment_never_duplicates_it_on_retry(): void {
		$job     = InMemoryJobContext::job( 'image', array( 'prompt' => 'Three boats', 'size' => '256x256', 'count' => 3 ), null, null, 1, wp_generate_uuid4() );
		$context = new InMemoryJobContext();
		$crash   = static function (): void {
			throw new \RuntimeException( 'worker died' );
		};
		add_action( 'add_attachment', $crash ); // The first attachment row exists; its checkpoint is never written.
		try {
			$this->handler()->handle( $job, $context );
			$this->fail( 'no crash' );
		} catch ( \RuntimeException $e ) {
			$this->assertSame( 'worker died', $e->getMessage() );
		} finally {
			remove_action( 'add_attachment', $crash );
		}
		$this->assertCount( 1, $this->attachments_of( $job->public_id ) );
		$this->assertSame( 'pending', $context->result['images'][0]['status'], 'the crash came before the checkpoint' );

		// Attempt 2 sees the checkpointed previews and the orphan attachment.
		$retry  = InMemoryJobContext::job( 'image', $job->input, null, $context->result, 2, $job->public_id );
		$second = new InMemoryJobContext( 2, $context->result );
		$result = $this->handler()->handle( $retry, $second );
		$ids    = $this->attachments_of( $job->public_id );
		$this->assertCount( 3, $ids, 'exactly one attachment per image' );
		$used = array_column( $result['images'], 'attachment_id' );
		sort( $used );
		sort( $ids );
		$this->assertSame( $ids, $used, 'the result names each attachment once' );
		$this->assertNotEmpty( wp_get_attachment_metadata( $result['images'][0]['attachment_id'] ), 'sizes made for the orphan' );
		$this->assertCount( 1, $this->server_requests(), 'the images were generated once' );

		// A third run (e.g. the worker died before completing the job) adds nothing.
		$third = $this->handler()->handle( InMemoryJobContext::job( 'image', $job->input, null, $second->result, 3, $job->public_id ), new InMemoryJobContext( 3, $second->result ) );
		$this->assertCount( 3, $this->attachments_of( $job->public_id ) );
		$this->assertSame( array_column( $result['images'], 'attachment_id' ), array_column( $third['images'], 'attachment_id' ) );
	}

	public function test_through_the_runner_a_crash_in_stage_two_is_retried_and_ends_with_one_attachment_per_image(): void {
		add_filter( 'iacp_instant_kick', '__return_false' );
		$this->settings( array( 'retry_base_seconds' => 1, 'retry_cap_seconds' => 1 ) );
		$queued = iacp()->job_queue()->enqueue( 'image', array( 'prompt' => 'Two kites', 'size' => '256x256', 'count' => 2 ) );
		$this->assertNotWPError( $queued );
		$crash = static function (): void {
			throw new \RuntimeException( 'worker died' );
		};
		add_action( 'add_attachment', $crash );
		try {
			iacp()->runner()->run( new \IACP\Queue\RunnerBudget( \IACP\Queue\RunnerBudget::CLI, 20, 0, 1, 0.0, 0.05, array( 'image' ) ) );
		} finally {
			remove_action( 'add_attachment', $crash );
		}
		$retrying = iacp()->job_repository()->find( $queued->job->id );
		$this->assertSame( 'pending', $retrying->status, 'the crash is retried' );
		$this->assertCount( 1, $this->attachments_of( $retrying->public_id ), 'the first image reached the library before the crash' );

		$deadline = microtime( true ) + 20;
		do {
			sleep( 1 );
			iacp()->runner()->run( new \IACP\Queue\RunnerBudget( \IACP\Queue\RunnerBudget::CLI, 20, 0, 0, 0.0, 0.05, array( 'image' ) ) );
			$done = iacp()->job_repository()->find( $queued->job->id );
		} while ( ! $done->is_finished() && microtime( true ) < $deadline );
		remove_filter( 'iacp_instant_kick', '__return_false' );

		$this->assertSame( 'completed', $done->status, (string) wp_json_encode( $done->log ) );
		$this->assertSame( 2, $done->attempts );
		$ids  = $this->attachments_of( $done->public_id );
		$used = array_column( $done->result['images'], 'attachment_id' );
		sort( $ids );
		sort( $used );
		$this->assertCount( 2, $ids, 'exactly one attachment per image' );
		$this->assertSame( $ids, $used );
	}

	public function test_a_job_that_fails_for_good_removes_its_previews_at_once(): void {
		add_filter( 'iacp_instant_kick', '__return_false' );
		$queued = iacp()->job_queue()->enqueue( 'image', array( 'prompt' => 'One lamp', 'size' => '256x256', 'count' => 1 ), array( 'max_attempts' => 1 ) );
		$this->assertNotWPError( $queued );
		$crash = static function (): void {
			throw new \RuntimeException( 'disk full' );
		};
		add_filter( 'wp_handle_sideload_prefilter', $crash );
		try {
			iacp()->runner()->run( new \IACP\Queue\RunnerBudget( \IACP\Queue\RunnerBudget::CLI, 20, 0, 1, 0.0, 0.05, array( 'image' ) ) );
		} finally {
			remove_filter( 'wp_handle_sideload_prefilter', $crash );
			remove_filter( 'iacp_instant_kick', '__return_false' );
		}
		$failed = iacp()->job_repository()->find( $queued->job->id );

		$this->assertSame( 'failed', $failed->status );
		$folder = (string) ( $failed->result['tmp_folder'] ?? '' );
		$this->assertNotSame( '', $folder, 'previews had been written' );
		$this->assertDirectoryDoesNotExist( ( new ImageFiles() )->path( $folder ) );
	}

	public function test_jpeg_output_uses_the_format_setting(): void {
		$this->settings( array( 'image_format' => 'jpeg', 'jpeg_quality' => 70 ) );
		$job    = InMemoryJobContext::job( 'image', array( 'prompt' => 'A blue door', 'size' => '256x256', 'count' => 1 ) );
		$result = $this->handler()->handle( $job, new InMemoryJobContext() );
		$this->attachments_of( $job->public_id );
		$this->assertSame( 'image/jpeg', get_post_mime_type( $result['images'][0]['attachment_id'] ) );
	}

	public function test_the_purge_removes_only_old_preview_folders(): void {
		$files = new ImageFiles();
		$old   = $files->create_folder();
		$new   = $files->create_folder();
		touch( $files->path( $old ), time() - 2 * DAY_IN_SECONDS );
		$this->assertSame( 1, $files->purge() );
		$this->assertDirectoryDoesNotExist( $files->path( $old ) );
		$this->assertDirectoryExists( $files->path( $new ) );
		$files->delete_folder( $new );
	}

	public function test_the_schema_bounds_size_and_count(): void {
		$schema = $this->handler()->input_schema();
		$this->assertTrue( rest_validate_value_from_schema( array( 'prompt' => 'x', 'size' => '512x512', 'count' => 4 ), $schema ) );
		$this->assertWPErrorLike( rest_validate_value_from_schema( array( 'prompt' => 'x', 'count' => 5 ), $schema ) );
		$this->assertWPErrorLike( rest_validate_value_from_schema( array( 'prompt' => 'x', 'size' => '300x300' ), $schema ) );
		$this->assertWPErrorLike( rest_validate_value_from_schema( array( 'size' => '512x512' ), $schema ) );
	}

	/**
	 * @param mixed $value Value.
	 */
	private function assertWPErrorLike( $value ): void {
		$this->assertInstanceOf( \WP_Error::class, $value );
	}
}
