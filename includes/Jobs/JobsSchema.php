<?php
/**
 * The jobs table: its dbDelta definition, its version, and its removal on uninstall.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

use IACP\Service;

final class JobsSchema implements Service {

	public const VERSION_OPTION = 'iacp_jobs_schema_version';

	/** Bump with every change to the CREATE TABLE below. */
	public const VERSION = '4';

	/** Indexes earlier versions had and this one replaces (dbDelta adds indexes but never drops one). */
	private const DROPPED_INDEXES = array( 'claim' );

	public function register(): void {
		add_action( 'iacp_upgrade', array( $this, 'install' ) );
		add_action( 'admin_init', array( $this, 'install_if_needed' ) );
	}

	public static function table(): string {
		global $wpdb;
		return $wpdb->prefix . 'iacp_jobs';
	}

	public function install_if_needed(): void {
		if ( get_option( self::VERSION_OPTION ) !== self::VERSION ) {
			$this->install();
		}
	}

	/**
	 * Creates the table or brings it to this version's shape.
	 */
	public function install(): void {
		// @phpstan-ignore-next-line -- WordPress core file, present at run time.
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		dbDelta( $this->create_table_sql() );
		$this->drop_replaced_indexes();
		update_option( self::VERSION_OPTION, self::VERSION, false );
	}

	/**
	 * Version 3's claim index (status, priority, id) made the claim walk past delayed jobs and other types' jobs;
	 * version 4's claim_ready replaces it.
	 */
	private function drop_replaced_indexes(): void {
		global $wpdb;
		$table = self::table();
		foreach ( self::DROPPED_INDEXES as $index ) {
			if ( array() !== (array) $wpdb->get_results( $wpdb->prepare( "SHOW INDEX FROM {$table} WHERE Key_name = %s", $index ) ) ) { // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- table name only; the plugin's own table's schema upgrade.
				$wpdb->query( "ALTER TABLE {$table} DROP INDEX {$index}" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.SchemaChange -- names from constants; the plugin's own table's schema upgrade.
			}
		}
	}

	/**
	 * Drops the table; uninstall calls this directly (the plugin's services are not loaded then).
	 */
	public function drop(): void {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching, WordPress.DB.DirectDatabaseQuery.SchemaChange, WordPress.DB.PreparedSQL.NotPrepared -- uninstall removes the plugin's own table (WordPress has no API for it); the statement holds the table name only.
		$wpdb->query( 'DROP TABLE IF EXISTS ' . self::table() );
		delete_option( self::VERSION_OPTION );
	}

	/**
	 * Times are Unix seconds (BIGINT): portable across MariaDB/MySQL and the SQLite integration.
	 * The claim walks `claim_ready` per type in (priority, available_at, id) order: ready jobs come before delayed
	 * ones of the same priority, so it never sorts the queue nor passes over jobs it may not take.
	 */
	public function create_table_sql(): string {
		global $wpdb;
		$table   = self::table();
		$charset = $wpdb->get_charset_collate();
		return "CREATE TABLE {$table} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  public_id char(36) NOT NULL,
  user_id bigint(20) unsigned NOT NULL DEFAULT 0,
  post_id bigint(20) unsigned DEFAULT NULL,
  type varchar(64) NOT NULL,
  status varchar(20) NOT NULL DEFAULT 'pending',
  priority smallint(6) NOT NULL DEFAULT 10,
  attempts smallint(5) unsigned NOT NULL DEFAULT 0,
  max_attempts smallint(5) unsigned NOT NULL DEFAULT 3,
  available_at bigint(20) unsigned NOT NULL DEFAULT 0,
  lease_token varchar(64) DEFAULT NULL,
  lease_expires_at bigint(20) unsigned DEFAULT NULL,
  heartbeat_at bigint(20) unsigned DEFAULT NULL,
  cancel_requested tinyint(1) unsigned NOT NULL DEFAULT 0,
  progress tinyint(3) unsigned NOT NULL DEFAULT 0,
  stage varchar(191) DEFAULT NULL,
  partial_output longtext DEFAULT NULL,
  input longtext NOT NULL,
  result longtext DEFAULT NULL,
  error_code varchar(100) DEFAULT NULL,
  error_message text DEFAULT NULL,
  idempotency_key varchar(191) DEFAULT NULL,
  prompt_tokens int(10) unsigned NOT NULL DEFAULT 0,
  completion_tokens int(10) unsigned NOT NULL DEFAULT 0,
  revision int(10) unsigned NOT NULL DEFAULT 0,
  created_at bigint(20) unsigned NOT NULL DEFAULT 0,
  started_at bigint(20) unsigned DEFAULT NULL,
  finished_at bigint(20) unsigned DEFAULT NULL,
  expires_at bigint(20) unsigned NOT NULL DEFAULT 0,
  updated_at bigint(20) unsigned NOT NULL DEFAULT 0,
  log longtext DEFAULT NULL,
  PRIMARY KEY  (id),
  UNIQUE KEY public_id (public_id),
  UNIQUE KEY user_idempotency (user_id,idempotency_key),
  KEY claim_ready (status,type,priority,available_at,id),
  KEY user_jobs (user_id,id),
  KEY post_jobs (post_id,id),
  KEY status_finished (status,finished_at),
  KEY status_expires (status,expires_at),
  KEY status_lease (status,lease_expires_at)
) {$charset};";
	}
}
