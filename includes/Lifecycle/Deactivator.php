<?php
/**
 * Deactivation: stops scheduled work; stored data stays until uninstall.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Lifecycle;

final class Deactivator {

	/** Cron hooks the plugin schedules; every one is cleared on deactivation. */
	public const CRON_HOOKS = array( 'iacp_process_job_queue', 'iacp_purge_jobs' );

	public static function deactivate(): void {
		foreach ( self::CRON_HOOKS as $hook ) {
			wp_clear_scheduled_hook( $hook );
		}
	}
}
