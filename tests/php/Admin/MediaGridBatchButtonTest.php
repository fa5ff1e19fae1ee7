<?php
/**
 * The Media Library grid's "Write alt text with AI" script loads on upload.php in grid mode only, after core's media
 * views, and only for users who may upload files and start AI text work.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Admin;

use IACP\Admin\MediaGridBatchButton;
use IACP\Assets\AssetLoader;
use IACP\Tests\IntegrationTestCase;

final class MediaGridBatchButtonTest extends IntegrationTestCase {

	private const HANDLE = 'iacp-media-grid';

	private string $dir;

	protected function setUp(): void {
		parent::setUp();
		// A built entry of its own, so the test does not depend on `npm run build` having run.
		$this->dir = sys_get_temp_dir() . '/iacp-media-grid-' . wp_generate_password( 8, false );
		wp_mkdir_p( $this->dir . '/build' );
		file_put_contents( $this->dir . '/build/media-grid.asset.php', "<?php return array( 'dependencies' => array( 'wp-api-fetch' ), 'version' => 'test' );" ); // phpcs:ignore WordPress.WP.AlternativeFunctions -- a test fixture in the temp folder.
		$this->forget_scripts();
		// Core registers its grid script in wp-admin only; this test runs outside it.
		if ( ! wp_script_is( 'media-grid', 'registered' ) ) {
			wp_register_script( 'media-grid', '/wp-includes/js/media-grid.js', array(), '1', true );
		}
	}

	/** Each test starts with neither the grid nor the button enqueued. */
	private function forget_scripts(): void {
		wp_dequeue_script( 'media-grid' );
		wp_dequeue_script( self::HANDLE );
		wp_deregister_script( self::HANDLE );
	}

	protected function tearDown(): void {
		wp_delete_file( $this->dir . '/build/media-grid.asset.php' );
		rmdir( $this->dir . '/build' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_rmdir
		rmdir( $this->dir ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_rmdir
		$this->forget_scripts();
		parent::tearDown();
	}

	private function button(): MediaGridBatchButton {
		return new MediaGridBatchButton( new AssetLoader( $this->dir, 'https://example.org/wp-content/plugins/iacp' ) );
	}

	public function test_the_grid_loads_the_button_after_core_media_views(): void {
		wp_set_current_user( $this->user( 'author' ) );
		wp_enqueue_script( 'media-grid' );
		$this->button()->enqueue( 'upload.php' );

		$this->assertTrue( wp_script_is( self::HANDLE, 'enqueued' ) );
		$deps = wp_scripts()->registered[ self::HANDLE ]->deps;
		$this->assertContains( 'wp-api-fetch', $deps, 'the packages the build found' );
		$this->assertSame( array( 'media-views', 'media-grid' ), array_values( array_intersect( $deps, array( 'media-views', 'media-grid' ) ) ) );
	}

	public function test_other_screens_and_the_list_view_do_not_load_it(): void {
		wp_set_current_user( $this->user( 'administrator' ) );
		$this->button()->enqueue( 'upload.php' );
		$this->assertFalse( wp_script_is( self::HANDLE, 'enqueued' ), 'the list view (no grid script)' );

		wp_enqueue_script( 'media-grid' );
		$this->button()->enqueue( 'edit.php' );
		$this->assertFalse( wp_script_is( self::HANDLE, 'enqueued' ), 'the Posts list' );
	}

	public function test_users_who_may_not_upload_do_not_get_it(): void {
		wp_set_current_user( $this->user( 'contributor' ) );
		wp_enqueue_script( 'media-grid' );
		$this->button()->enqueue( 'upload.php' );
		$this->assertFalse( wp_script_is( self::HANDLE, 'enqueued' ) );
	}
}
