<?php
/**
 * The usage ledger table: its dbDelta definition, its own version, the upgrade that creates it (carrying over the
 * last day's usage from the jobs table, so an update does not hand everyone a fresh budget), and its removal.
 * Besides activation and admin pages, the ledger itself asks for it before its first query in a request
 * (UsageLedger): a site updated without an admin visit still records and limits from its first job.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Usage;

use IACP\Jobs\JobsSchema;
use IACP\Service;

final class UsageLedgerSchema implements Service {

	public const VERSION_OPTION = 'iacp_usage_schema_version';

	/** Bump with every change to the CREATE TABLE below. */
	public const VERSION = '1';

	public function register(): void {
		// Registered after JobsSchema: the carry-over reads the jobs table.
		add_action( 'iacp_upgrade', array( $this, 'install' ) );
		add_action( 'admin_init', array( $this, 'install_if_needed' ) );
	}

	public static function table(): string {
		global $wpdb;
		return $wpdb->prefix . 'iacp_usage';
	}

	public function install_if_needed(): void {
		if ( get_option( self::VERSION_OPTION ) !== self::VERSION ) {
			$this->install();
		}
	}

	/**
	 * Creates the table or brings it to this version's shape; a table created now gets the usage the jobs table
	 * still shows for the longest window the limits read.
	 */
	public function install(): void {
		// @phpstan-ignore-next-line -- WordPress core file, present at run time.
		require_once ABSPATH . 'wp-admin/includes/upgrade.php';
		$new = ! $this->exists();
		dbDelta( $this->create_table_sql() );
		if ( $new && $this->exists() ) {
			$this->carry_over_from_jobs( time() - UsageLedger::LONGEST_WINDOW_SECONDS );
		}
		update_option( self::VERSION_OPTION, self::VERSION, false );
	}

	/**
	 * Seeds a new ledger from the jobs table: each job created since $since as a start, each job that used tokens
	 * and changed since then as one spend at its last change (the best time the jobs table knows).
	 */
	private function carry_over_from_jobs( int $since ): void {
		global $wpdb;
		$table = self::table();
		$jobs  = JobsSchema::table();
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$table} (user_id, job_id, job_type, kind, created_at) SELECT user_id, id, type, %s, created_at FROM {$jobs} WHERE created_at >= %d", UsageLedger::START, $since ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own usage table: created, filled once from the jobs table, dropped on uninstall.
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$table} (user_id, job_id, job_type, kind, attempt, prompt_tokens, completion_tokens, created_at) SELECT user_id, id, type, %s, attempts, prompt_tokens, completion_tokens, updated_at FROM {$jobs} WHERE updated_at >= %d AND prompt_tokens + completion_tokens > 0", UsageLedger::TOKENS, $since ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own usage table: created, filled once from the jobs table, dropped on uninstall.
	}

	/**
	 * Drops the table; uninstall calls this directly (the plugin's services are not loaded then).
	 */
	public function drop(): void {
		global $wpdb;
		$wpdb->query( 'DROP TABLE IF EXISTS ' . self::table() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching, WordPress.DB.DirectDatabaseQuery.SchemaChange -- table name only; the plugin's own usage table: created, filled once from the jobs table, dropped on uninstall.
		delete_option( self::VERSION_OPTION );
	}

	public function exists(): bool {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own usage table: created, filled once from the jobs table, dropped on uninstall.
		return self::table() === $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( self::table() ) ) );
	}

	/**
	 * One row per start of a job (`start`) and per spend of tokens (`tokens`, per attempt; `estimated` when the
	 * provider said nothing and the streamed characters were counted). Times are Unix seconds. job_id is the jobs
	 * table's key at the time: the job may be gone, its usage stays.
	 */
	public function create_table_sql(): string {
		global $wpdb;
		$table   = self::table();
		$charset = $wpdb->get_charset_collate();
		return "CREATE TABLE {$table} (
  id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  user_id bigint(20) unsigned NOT NULL DEFAULT 0,
  job_id bigint(20) unsigned NOT NULL DEFAULT 0,
  job_type varchar(64) NOT NULL DEFAULT '',
  kind varchar(20) NOT NULL,
  attempt smallint(5) unsigned NOT NULL DEFAULT 0,
  prompt_tokens int(10) unsigned NOT NULL DEFAULT 0,
  completion_tokens int(10) unsigned NOT NULL DEFAULT 0,
  estimated tinyint(1) unsigned NOT NULL DEFAULT 0,
  created_at bigint(20) unsigned NOT NULL DEFAULT 0,
  PRIMARY KEY  (id),
  KEY user_kind_time (user_id,kind,created_at),
  KEY created_at (created_at)
) {$charset};";
	}
}
