<?php
/**
 * Removes every trace of the plugin: options, transients, cron events, tables and uploads it owns.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Lifecycle;

use IACP\Jobs\JobsSchema;
use IACP\JobTypes\ImageFiles;
use IACP\Usage\UsageLedgerSchema;

final class Uninstaller {

	public function uninstall(): void {
		global $wpdb;

		foreach ( Deactivator::CRON_HOOKS as $hook ) {
			wp_unschedule_hook( $hook ); // Every event of the hook, whatever its arguments (a preview folder's name).
		}

		( new JobsSchema() )->drop();
		( new UsageLedgerSchema() )->drop();
		( new \IACP\Batches\BatchesSchema() )->drop();
		( new ImageFiles() )->remove_all();

		// Every option and transient the plugin stores carries the iacp_ prefix.
		$like = $wpdb->esc_like( 'iacp_' ) . '%';
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- uninstall finds every option by its prefix; the options API cannot list them.
		$names = $wpdb->get_col(
			$wpdb->prepare(
				"SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s OR option_name LIKE %s OR option_name LIKE %s",
				$like,
				$wpdb->esc_like( '_transient_iacp_' ) . '%',
				$wpdb->esc_like( '_transient_timeout_iacp_' ) . '%'
			)
		);
		foreach ( $names as $name ) {
			delete_option( $name );
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- uninstall removes every user's iacp_ meta in one statement; the meta API deletes one key at a time.
		$wpdb->query( $wpdb->prepare( "DELETE FROM {$wpdb->usermeta} WHERE meta_key LIKE %s", $like ) );
	}
}
