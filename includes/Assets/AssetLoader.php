<?php
/**
 * Enqueues one built entry (build/<entry>.js and .css) with the dependencies wp-scripts extracted.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Assets;

final class AssetLoader {

	public function __construct(
		private readonly string $plugin_dir,
		private readonly string $plugin_url
	) {}

	/**
	 * The handle WordPress knows an entry by.
	 */
	public static function handle( string $entry ): string {
		return 'iacp-' . $entry;
	}

	/**
	 * Enqueues an entry's script and style; returns false when the entry has not been built.
	 *
	 * @param string       $entry      The built entry's name.
	 * @param list<string> $extra_deps Script handles to load first that are not packages (core's media views).
	 */
	public function enqueue( string $entry, array $extra_deps = array() ): bool {
		$asset_file = $this->plugin_dir . '/build/' . $entry . '.asset.php';
		if ( ! is_readable( $asset_file ) ) {
			return false;
		}
		$asset   = require $asset_file;
		$handle  = self::handle( $entry );
		$deps    = array_merge( is_array( $asset['dependencies'] ?? null ) ? $asset['dependencies'] : array(), $extra_deps );
		$version = is_string( $asset['version'] ?? null ) ? $asset['version'] : IACP_VERSION;

		wp_enqueue_script( $handle, $this->plugin_url . '/build/' . $entry . '.js', $deps, $version, array( 'in_footer' => true ) );
		wp_set_script_translations( $handle, 'iacp', $this->plugin_dir . '/languages' );

		if ( is_readable( $this->plugin_dir . '/build/' . $entry . '.css' ) ) {
			wp_enqueue_style( $handle, $this->plugin_url . '/build/' . $entry . '.css', array( 'wp-components' ), $version );
		}
		return true;
	}
}
