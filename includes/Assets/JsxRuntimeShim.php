<?php
/**
 * Registers the `react-jsx-runtime` script handle on WordPress 6.5, which lacks it.
 *
 * Scripts built by @wordpress/scripts list that handle as a dependency; without it WordPress 6.5 silently
 * skips the script. The shim maps the automatic JSX runtime onto React.createElement.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Assets;

use IACP\Service;
use WP_Scripts;

final class JsxRuntimeShim implements Service {

	public const HANDLE = 'react-jsx-runtime';

	private const SCRIPT = <<<'JS'
window.ReactJSXRuntime = window.ReactJSXRuntime || ( function ( React ) {
	function jsx( type, props, key ) {
		var config = Object.assign( {}, props );
		if ( key !== undefined ) {
			config.key = key;
		}
		return React.createElement( type, config );
	}
	return { jsx: jsx, jsxs: jsx, Fragment: React.Fragment };
} )( window.React );
JS;

	public function register(): void {
		// After core's own registrations (priority 10), so the check sees them.
		add_action( 'wp_default_scripts', array( $this, 'register_when_missing' ), 20 );
	}

	public function register_when_missing( WP_Scripts $scripts ): void {
		if ( $scripts->query( self::HANDLE, 'registered' ) ) {
			return;
		}
		$scripts->add( self::HANDLE, false, array( 'react' ) );
		$scripts->add_inline_script( self::HANDLE, self::SCRIPT );
	}
}
