<?php
/**
 * The batch tables: `{prefix}iacp_batches` (one row per batch: who, what, where the planner is) and
 * `{prefix}iacp_batch_items` (one row per post or attachment of a batch, linked to at most one job at a time).
 * Created and upgraded like the jobs table: dbDelta, a version option, on `iacp_upgrade` and before first use.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Batches;

use IACP\Service;

final class BatchesSchema implements Service {

	public const VERSION_OPTION = 'iacp_batches_schema_version';

	/** Bump with every change to the CREATE TABLEs below. */
	public const VERSION = '2';

	public function register(): void {
		add_action( 'iacp_upgrade', array( $this, 'install' ) );
		add_action( 'admin_init', array( $this, 'install_if_needed' ) );
	}

	public static function batches_table(): string {
		global $wpdb;
		return $wpdb->prefix . 'iacp_batches';
	}

	public static function items_table(): string {
		global $wpdb;
		return $wpdb->prefix . 'iacp_batch_items';
	}

	public function install_if_needed(): void {
		if ( get_option( self::VERSION_OPTION ) !== self::VERSION ) {
			$this->install();
		}
	}

	public function install(): void {
		// @phpstan-ignore-next-line -- WordPress core file, present at run time.
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		dbDelta( $this->create_tables_sql() );
		update_option( self::VERSION_OPTION, self::VERSION, false );
	}

	/**
	 * Drops both tables; uninstall calls this directly.
	 */
	public function drop(): void {
		global $wpdb;
		foreach ( array( self::items_table(), self::batches_table() ) as $table ) {
			$wpdb->query( 'DROP TABLE IF EXISTS ' . $table ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching, WordPress.DB.DirectDatabaseQuery.SchemaChange -- table name only; uninstall removes the plugin's own batch tables.
		}
		delete_option( self::VERSION_OPTION );
	}

	/**
	 * Times are Unix seconds. `cursor` is the last object ID the planner read (keyset paging); `spec` the JSON of
	 * the filter or ID list the batch was started with;
	 * `step_generation` names the one step job that may drive the batch (a newer one makes an older one end). An item is unique per (batch, object): planning a page twice
	 * adds nothing.
	 */
	public function create_tables_sql(): string {
		global $wpdb;
		$batches = self::batches_table();
		$items   = self::items_table();
		$charset = $wpdb->get_charset_collate();
		return "CREATE TABLE {$batches} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  user_id bigint(20) unsigned NOT NULL DEFAULT 0,
  action varchar(32) NOT NULL,
  mode varchar(10) NOT NULL DEFAULT 'apply',
  status varchar(20) NOT NULL DEFAULT 'planning',
  pause_reason varchar(20) DEFAULT NULL,
  resume_at bigint(20) unsigned DEFAULT NULL,
  post_type varchar(20) NOT NULL DEFAULT 'post',
  spec longtext NOT NULL,
  replace_existing tinyint(1) unsigned NOT NULL DEFAULT 0,
  cursor_id bigint(20) unsigned NOT NULL DEFAULT 0,
  planned_all tinyint(1) unsigned NOT NULL DEFAULT 0,
  total int(10) unsigned NOT NULL DEFAULT 0,
  driver_job_id bigint(20) unsigned DEFAULT NULL,
  step_generation int(10) unsigned NOT NULL DEFAULT 0,
  created_at bigint(20) unsigned NOT NULL DEFAULT 0,
  updated_at bigint(20) unsigned NOT NULL DEFAULT 0,
  finished_at bigint(20) unsigned DEFAULT NULL,
  PRIMARY KEY  (id),
  KEY user_batches (user_id,id),
  KEY status (status,id)
) {$charset};
CREATE TABLE {$items} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  batch_id bigint(20) unsigned NOT NULL,
  object_id bigint(20) unsigned NOT NULL,
  status varchar(20) NOT NULL DEFAULT 'waiting',
  job_id bigint(20) unsigned DEFAULT NULL,
  attempts smallint(5) unsigned NOT NULL DEFAULT 0,
  before_value longtext DEFAULT NULL,
  after_value longtext DEFAULT NULL,
  note varchar(64) DEFAULT NULL,
  error text DEFAULT NULL,
  tokens int(10) unsigned NOT NULL DEFAULT 0,
  created_at bigint(20) unsigned NOT NULL DEFAULT 0,
  updated_at bigint(20) unsigned NOT NULL DEFAULT 0,
  finished_at bigint(20) unsigned DEFAULT NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY batch_object (batch_id,object_id),
  KEY batch_status (batch_id,status,id),
  KEY job_id (job_id),
  KEY batch_finished (batch_id,finished_at)
) {$charset};";
	}
}
