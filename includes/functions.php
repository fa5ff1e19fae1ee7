<?php
/**
 * Global entry points: the composition root and the public PHP API other plugins call.
 *
 * @package IACP
 */

declare( strict_types=1 );

use IACP\Plugin;

if ( ! function_exists( 'iacp' ) ) {
	/**
	 * The plugin's composition root, built once per request.
	 */
	function iacp(): Plugin {
		static $plugin = null;
		if ( null === $plugin ) {
			$plugin = new Plugin( dirname( __DIR__ ) . '/plugin.php' );
		}
		return $plugin;
	}
}
