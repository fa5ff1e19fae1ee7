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
	public const CRON_HOOKS = array( 'iacp_process_job_queue', 'iacp_purge_jobs', \IACP\JobTypes\ImageFiles::DELETE_HOOK );

	public static function deactivate(): void {
		foreach ( self::CRON_HOOKS as $hook ) {
			wp_unschedule_hook( $hook ); // Every event of the hook, whatever its arguments (a preview folder's name).
		}
	}
}
