<?php
/**
 * Loads the block-editor entry in the post editor.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Assets;

use IACP\Service;

final class EditorAssets implements Service {

	public const ENTRY = 'editor';

	public function __construct( private readonly AssetLoader $loader ) {}

	public function register(): void {
		add_action( 'enqueue_block_editor_assets', array( $this, 'enqueue' ) );
	}

	public function enqueue(): void {
		// Only the post editor: the site editor and widget screens have no post to attach jobs to.
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( null !== $screen && 'post' !== $screen->base ) {
			return;
		}
		$this->loader->enqueue( self::ENTRY );
	}
}
