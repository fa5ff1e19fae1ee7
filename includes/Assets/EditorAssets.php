<?php
/**
 * Loads the block-editor entry in the post editor.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Assets;

use IACP\JobTypes\ImageJobHandler;
use IACP\JobTypes\PostFields;
use IACP\JobTypes\TextJobHandler;
use IACP\Providers\ImageModelCapabilities;
use IACP\Providers\ImageModelSpec;
use IACP\Security\JobAccess;
use IACP\Service;

final class EditorAssets implements Service {

	public const ENTRY = 'editor';

	/**
	 * @param (\Closure(): ImageModelSpec)|null $image_model What the image model can make (the dialog offers only that).
	 */
	public function __construct(
		private readonly AssetLoader $loader,
		private readonly JobAccess $access,
		private readonly ?\Closure $image_model = null,
		private readonly PostFields $fields = new PostFields()
	) {}

	public function register(): void {
		add_action( 'enqueue_block_editor_assets', array( $this, 'enqueue' ) );
	}

	public function enqueue(): void {
		// Only the post editor: the site editor and widget screens have no post to attach jobs to.
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( null !== $screen && 'post' !== $screen->base ) {
			return;
		}
		if ( ! $this->loader->enqueue( self::ENTRY ) ) {
			return;
		}
		wp_add_inline_script(
			AssetLoader::handle( self::ENTRY ),
			'window.iacpEditorSettings = ' . wp_json_encode( $this->settings( null === $screen ? 'post' : $screen->post_type ) ) . ';',
			'before'
		);
	}

	/**
	 * What the editor script needs to know: which AI actions this user may use (the same rule the REST API applies
	 * to starting a job of that type), where the REST API is, and which fields of this post type the AI panel
	 * offers (the same rule the post_field job type applies).
	 *
	 * The image dialog offers the sizes and counts the image model makes.
	 *
	 * @return array<string, mixed>
	 */
	public function settings( string $post_type = 'post' ): array {
		$image = null !== $this->image_model ? ( $this->image_model )() : ImageModelCapabilities::for_model( '' );
		return array(
			'canGenerateText'   => $this->access->can_start( TextJobHandler::TYPE ),
			'canGenerateImages' => $this->access->can_start( ImageJobHandler::TYPE ),
			'canManage'         => $this->access->can_manage(),
			'restRoot'          => esc_url_raw( rest_url() ),
			'jobsUrl'           => $this->access->can_manage() ? admin_url( 'tools.php?page=iacp-jobs' ) : '',
			'imageSizes'        => $image->sizes,
			'imageMaxCount'     => $image->max_count,
			'imageDefaultSize'  => $image->default_size(),
			'postFields'        => $this->fields->for_post_type( $post_type ),
		);
	}
}
