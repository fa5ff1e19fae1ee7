<?php
/**
 * Image jobs whose uploads folder fails them, run by a real worker in its own mount namespace (so only that process
 * sees the change): the whole uploads folder read-only, the Media Library folder read-only, and a Media Library
 * folder on a disk with room for the image but not its smaller sizes. The job fails at once with an error that
 * says which, its previews are gone, and no attachment is left half-made.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\JobTypes;

use IACP\Jobs\Job;
use IACP\Jobs\JobStatus;
use IACP\JobTypes\ImageJobHandler;
use IACP\Tests\Providers\AiServerTestCase;
use IACP\Tests\Queue\Process;
use IACP\Tests\TestEnvironment;

final class ImageStorageFailureTest extends AiServerTestCase {

	protected function setUp(): void {
		parent::setUp();
		add_filter( 'iacp_instant_kick', '__return_false' );
		$probe = new Process( array( 'unshare', '--mount', '--', 'true' ) );
		if ( 0 !== $probe->wait( 10 ) ) {
			$this->markTestSkipped( 'This machine does not allow a private mount namespace (unshare --mount): ' . $probe->stderr() );
		}
	}

	protected function tearDown(): void {
		remove_filter( 'iacp_instant_kick', '__return_false' );
		// Whatever a failing run left behind.
		global $wpdb;
		foreach ( $wpdb->get_col( $wpdb->prepare( "SELECT post_id FROM {$wpdb->postmeta} WHERE meta_key = %s", ImageJobHandler::META_KEY ) ) as $id ) {
			wp_delete_attachment( (int) $id, true );
		}
		parent::tearDown();
	}

	public function test_a_read_only_uploads_folder_fails_the_job_before_anything_is_written(): void {
		$uploads = (string) wp_upload_dir()['basedir'];
		$before  = $this->preview_folders();
		$job     = $this->image_job( 'A lighthouse at dusk' );

		$worker = $this->worker_with( 'mount --bind -o ro "$DIR" "$DIR"', $uploads );
		$this->assertSame( 0, $worker->wait( 60 ), $worker->stdout() . $worker->stderr() );

		$failed = $this->find( $job );
		$this->assertSame( array( JobStatus::FAILED, 'storage_not_writable' ), array( $failed->status, $failed->error_code ), (string) $failed->error_message );
		$this->assertSame( 1, $failed->attempts, 'not retried: another attempt would pay for images it cannot keep' );
		$this->assertStringContainsString( 'the uploads folder is not writable', (string) $failed->error_message );
		$this->assertSame( array(), $this->attachments_of( $failed ) );
		$this->assertSame( $before, $this->preview_folders() );
	}

	public function test_a_read_only_media_library_folder_fails_the_job_and_removes_its_previews(): void {
		$library = $this->library_folder();
		$job     = $this->image_job( 'Two herons' );

		$worker = $this->worker_with( 'mount --bind -o ro "$DIR" "$DIR"', $library );
		$this->assertSame( 0, $worker->wait( 60 ), $worker->stdout() . $worker->stderr() );

		$failed = $this->find( $job );
		$this->assertSame( array( JobStatus::FAILED, 'storage_not_writable' ), array( $failed->status, $failed->error_code ), (string) $failed->error_message );
		$folder = (string) ( $failed->result['tmp_folder'] ?? '' );
		$this->assertNotSame( '', $folder, 'the previews had been written' );
		$this->assertDirectoryDoesNotExist( wp_upload_dir()['basedir'] . '/iacp-tmp/' . $folder, 'and are removed' );
		$this->assertSame( array(), $this->attachments_of( $failed ) );
	}

	public function test_a_full_disk_after_the_image_but_before_its_sizes_leaves_no_half_made_attachment(): void {
		$prompt = 'A field of poppies';
		// The provider answers the same image for the same prompt: room for it, not for its thumbnails.
		$bytes = strlen( iacp()->ai_provider()->images( $prompt, '512x512', 1 )->images[0]->bytes() );
		$room  = (int) ceil( $bytes / 4096 ) * 4096;
		$job   = $this->image_job( $prompt );

		$worker = $this->worker_with( 'mount -t tmpfs -o size=' . $room . ' iacp-test-full "$DIR"', $this->library_folder() );
		$this->assertSame( 0, $worker->wait( 60 ), $worker->stdout() . $worker->stderr() );

		$failed = $this->find( $job );
		$this->assertSame( array( JobStatus::FAILED, 'storage_full' ), array( $failed->status, $failed->error_code ), (string) $failed->error_message );
		$this->assertStringContainsString( 'is full', (string) $failed->error_message );
		$this->assertSame( array(), $this->attachments_of( $failed ), 'the attachment without its sizes was deleted' );
		$this->assertDirectoryDoesNotExist( wp_upload_dir()['basedir'] . '/iacp-tmp/' . (string) ( $failed->result['tmp_folder'] ?? 'none' ) );
	}

	private function image_job( string $prompt ): Job {
		// test_image: the image type under a name the site's own web runners leave to this test's worker.
		$queued = iacp()->job_queue()->enqueue(
			'test_image',
			array(
				'prompt' => $prompt,
				'size'   => '512x512',
				'count'  => 1,
			)
		);
		$this->assertFalse( is_wp_error( $queued ) );
		return $queued->job;
	}

	/**
	 * A worker for one image job, in a mount namespace of its own where $setup (with $DIR) has run first.
	 */
	private function worker_with( string $setup, string $dir ): Process {
		$wp_path = (string) TestEnvironment::load( 'IACP_ENV_FILE', 'test' )['wp_path'];
		$script  = 'DIR="$1"; ' . $setup . ' && shift && exec "$@"';
		return new Process( array( 'unshare', '--mount', '--', 'sh', '-c', $script, 'sh', $dir, PHP_BINARY, dirname( __DIR__, 3 ) . '/bin/iacp-worker.php', '--path=' . $wp_path, '--max-jobs=1', '--type=test_image', '--sleep=0.1', '--time-limit=30' ) );
	}

	/**
	 * This month's Media Library folder, created when missing.
	 */
	private function library_folder(): string {
		$folder = (string) wp_upload_dir()['path'];
		$this->assertTrue( wp_mkdir_p( $folder ) );
		return $folder;
	}

	/**
	 * @return list<string>
	 */
	private function preview_folders(): array {
		$folders = glob( wp_upload_dir()['basedir'] . '/iacp-tmp/*', GLOB_ONLYDIR );
		return false === $folders ? array() : $folders;
	}

	/**
	 * @return list<int>
	 */
	private function attachments_of( Job $job ): array {
		global $wpdb;
		return array_map( 'intval', $wpdb->get_col( $wpdb->prepare( "SELECT post_id FROM {$wpdb->postmeta} WHERE meta_key = %s AND meta_value LIKE %s", ImageJobHandler::META_KEY, $wpdb->esc_like( $job->public_id . ':' ) . '%' ) ) );
	}

	private function find( Job $job ): Job {
		$found = iacp()->job_repository()->find( $job->id );
		$this->assertNotNull( $found );
		return $found;
	}
}
