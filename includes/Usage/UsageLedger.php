<?php
/**
 * The usage ledger's reads and writes. Append-only: a row is written when a job starts (enqueue, retry) and when
 * an attempt spends tokens, and only the retention purge deletes rows — never a job's delete or purge. The per-user
 * limits and daily token budgets are computed from it.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Usage;

final class UsageLedger {

	public const START  = 'start';
	public const TOKENS = 'tokens';

	/** The longest window a limit reads (the daily budget's day); rows are never purged before it is over. */
	public const LONGEST_WINDOW_SECONDS = DAY_IN_SECONDS;

	/** Whether this request has made sure the table is there. */
	private bool $ready = false;

	public function __construct( private readonly UsageLedgerSchema $schema ) {}

	/**
	 * The table's name, once it is sure to exist in this version's shape (one option read per request).
	 */
	private function table(): string {
		if ( ! $this->ready ) {
			$this->schema->install_if_needed();
			$this->ready = true;
		}
		return UsageLedgerSchema::table();
	}

	/**
	 * A job was started for a user (queued, or retried).
	 */
	public function record_start( int $user_id, int $job_id, string $job_type, ?int $now = null ): bool {
		return $this->insert(
			array(
				'user_id'    => $user_id,
				'job_id'     => $job_id,
				'job_type'   => $job_type,
				'kind'       => self::START,
				'created_at' => $now ?? time(),
			)
		);
	}

	/**
	 * An attempt of a job spent tokens (as the provider reported them, or estimated).
	 */
	public function record_tokens( int $user_id, int $job_id, string $job_type, int $attempt, int $prompt_tokens, int $completion_tokens, bool $estimated, ?int $now = null ): bool {
		return $this->insert(
			array(
				'user_id'           => $user_id,
				'job_id'            => $job_id,
				'job_type'          => $job_type,
				'kind'              => self::TOKENS,
				'attempt'           => max( 0, $attempt ),
				'prompt_tokens'     => max( 0, $prompt_tokens ),
				'completion_tokens' => max( 0, $completion_tokens ),
				'estimated'         => $estimated ? 1 : 0,
				'created_at'        => $now ?? time(),
			)
		);
	}

	public function count_starts_since( int $user_id, int $since ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$this->table()} WHERE user_id = %d AND kind = %s AND created_at >= %d", $user_id, self::START, $since ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own append-only usage table; limits must read what is stored now, not a cache.
	}

	/**
	 * The oldest start of the user's since a time (to say when a per-minute limit frees up).
	 */
	public function oldest_start_since( int $user_id, int $since ): ?int {
		global $wpdb;
		$value = $wpdb->get_var( $wpdb->prepare( "SELECT MIN(created_at) FROM {$this->table()} WHERE user_id = %d AND kind = %s AND created_at >= %d", $user_id, self::START, $since ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own append-only usage table; limits must read what is stored now, not a cache.
		return null === $value ? null : (int) $value;
	}

	/**
	 * Tokens (prompt + completion) the user's jobs spent since a time, whenever those jobs were created.
	 */
	public function tokens_since( int $user_id, int $since ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COALESCE(SUM(prompt_tokens + completion_tokens), 0) FROM {$this->table()} WHERE user_id = %d AND kind = %s AND created_at >= %d", $user_id, self::TOKENS, $since ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own append-only usage table; limits must read what is stored now, not a cache.
	}

	/**
	 * Rows of one job, oldest first (what a manager audits; tests).
	 *
	 * @return list<array<string, mixed>>
	 */
	public function entries_for_job( int $job_id ): array {
		global $wpdb;
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$this->table()} WHERE job_id = %d ORDER BY id ASC", $job_id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own append-only usage table; limits must read what is stored now, not a cache.
		return is_array( $rows ) ? array_values( $rows ) : array();
	}

	/**
	 * Deletes up to $limit rows written before a time. Returns how many went.
	 */
	public function purge_before( int $before, int $limit ): int {
		global $wpdb;
		$deleted = $wpdb->query( $wpdb->prepare( "DELETE FROM {$this->table()} WHERE created_at < %d LIMIT %d", $before, $limit ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own append-only usage table; limits must read what is stored now, not a cache.
		return is_int( $deleted ) ? $deleted : 0;
	}

	/**
	 * @param array<string, int|string> $row Column => value.
	 */
	private function insert( array $row ): bool {
		global $wpdb;
		$formats = array_map( static fn( $value ): string => is_int( $value ) ? '%d' : '%s', $row );
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery -- the plugin's own append-only usage table; limits must read what is stored now, not a cache.
		return 1 === $wpdb->insert( $this->table(), $row, array_values( $formats ) );
	}
}
