<?php
/**
 * Brings stored data up to this version's shape, on activation and after an update.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Lifecycle;

use IACP\Service;

final class Upgrader implements Service {

	public const VERSION_OPTION = 'iacp_version';

	public function register(): void {
		// Updates replace files without running the activation hook: compare versions on every admin load.
		add_action( 'admin_init', array( $this, 'upgrade_if_needed' ) );
	}

	public function upgrade_if_needed(): void {
		if ( get_option( self::VERSION_OPTION ) !== IACP_VERSION ) {
			$this->upgrade();
		}
	}

	public function upgrade(): void {
		/** Fires when IACP's stored data must be created or upgraded (activation, update). */
		do_action( 'iacp_upgrade' );
		update_option( self::VERSION_OPTION, IACP_VERSION, false );
	}
}
