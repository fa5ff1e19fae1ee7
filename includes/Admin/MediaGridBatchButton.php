<?php
/**
 * The Media Library grid's "Write alt text with AI" button: a small script, loaded on upload.php only, that adds
 * the button to the grid's bulk-select toolbar and starts an alt_text batch through the REST API.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Admin;

use IACP\Assets\AssetLoader;
use IACP\Security\Capabilities;
use IACP\Service;

final class MediaGridBatchButton implements Service {

	private const ENTRY = 'media-grid';

	public function __construct( private readonly AssetLoader $loader ) {}

	public function register(): void {
		add_action( 'admin_enqueue_scripts', array( $this, 'enqueue' ) );
	}

	/**
	 * @param string $hook_suffix The admin screen being loaded.
	 */
	public function enqueue( string $hook_suffix = '' ): void {
		// Writing alt text is AI text work on media: the same two rights the REST route checks first.
		if ( 'upload.php' !== $hook_suffix || ! current_user_can( Capabilities::GENERATE_TEXT ) || ! current_user_can( 'upload_files' ) ) {
			return;
		}
		// Grid mode only (upload.php enqueues the grid before this hook); the list view has the PHP bulk action.
		if ( ! wp_script_is( 'media-grid', 'enqueued' ) ) {
			return;
		}
		// After core's media views, so the grid's toolbar can be extended before the grid is drawn.
		$this->loader->enqueue( self::ENTRY, array( 'media-views', 'media-grid' ) );
	}
}
