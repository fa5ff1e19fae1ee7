<?php
/**
 * Every SQL statement on the batch items table. An item changes state only by compare-and-set on the state it is
 * expected to be in, so two workers (or a worker and a user) never both act on it.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Batches;

use IACP\Jobs\JobsSchema;

final class BatchItemRepository {

	public function __construct( private readonly BatchesSchema $schema ) {}

	private function table(): string {
		$this->schema->install_if_needed();
		return BatchesSchema::items_table();
	}

	/**
	 * Adds items for objects; an object the batch already has is left alone (UNIQUE batch_object).
	 *
	 * @param list<array{object_id: int, status: string, note: ?string}> $items Items.
	 * @return int How many were added.
	 */
	public function add( int $batch_id, array $items ): int {
		global $wpdb;
		if ( array() === $items ) {
			return 0;
		}
		$now    = time();
		$values = array();
		$args   = array();
		foreach ( $items as $item ) {
			$values[] = '(%d, %d, %s, %s, %d, %d)';
			array_push( $args, $batch_id, $item['object_id'], $item['status'], (string) $item['note'], $now, $now );
		}
		$added = $wpdb->query( $wpdb->prepare( "INSERT IGNORE INTO {$this->table()} (batch_id, object_id, status, note, created_at, updated_at) VALUES " . implode( ', ', $values ), $args ) ); // phpcs:ignore WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- placeholders built above; the plugin's own batch items table.
		$wpdb->query( $wpdb->prepare( "UPDATE {$this->table()} SET note = NULL WHERE batch_id = %d AND note = %s", $batch_id, '' ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own batch items table.
		return is_int( $added ) ? $added : 0;
	}

	/**
	 * @return array<string, mixed>|null
	 */
	public function find( int $id ): ?array {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$this->table()} WHERE id = %d", $id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own batch items table; workers must read what is stored now.
		return is_array( $row ) ? $row : null;
	}

	/**
	 * The item a job works for, if the job belongs to a batch.
	 *
	 * @return array<string, mixed>|null
	 */
	public function find_by_job( int $job_id ): ?array {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$this->table()} WHERE job_id = %d", $job_id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own batch items table; workers must read what is stored now.
		return is_array( $row ) ? $row : null;
	}

	/**
	 * The next waiting items, in order (keyset on id).
	 *
	 * @return list<array<string, mixed>>
	 */
	public function waiting( int $batch_id, int $limit ): array {
		return $this->with_status( $batch_id, BatchStatus::ITEM_WAITING, $limit );
	}

	/**
	 * Items in a status, oldest first, up to $limit, after an item id.
	 *
	 * @return list<array<string, mixed>>
	 */
	public function with_status( int $batch_id, string $status, int $limit, int $after_id = 0 ): array {
		global $wpdb;
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$this->table()} WHERE batch_id = %d AND status = %s AND id > %d ORDER BY id ASC LIMIT %d", $batch_id, $status, $after_id, $limit ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own batch items table.
		return is_array( $rows ) ? array_values( $rows ) : array();
	}

	/**
	 * Running items whose job has ended (or is gone), with the job's status: what a step must settle.
	 *
	 * @return list<array<string, mixed>>
	 */
	public function running_with_ended_jobs( int $batch_id, int $limit ): array {
		global $wpdb;
		$jobs = JobsSchema::table();
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT i.id, i.job_id, j.status AS job_status FROM {$this->table()} i LEFT JOIN {$jobs} j ON j.id = i.job_id WHERE i.batch_id = %d AND i.status = %s AND i.job_id IS NOT NULL AND ( j.id IS NULL OR j.status NOT IN (%s, %s) ) ORDER BY i.id ASC LIMIT %d", $batch_id, BatchStatus::ITEM_RUNNING, 'pending', 'processing', $limit ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own batch items and jobs tables.
		return is_array( $rows ) ? array_values( $rows ) : array();
	}

	/**
	 * Pending (not yet started) jobs of running items: what a pause or cancel takes back.
	 *
	 * @return list<array<string, mixed>>
	 */
	public function running_with_pending_jobs( int $batch_id, int $limit ): array {
		global $wpdb;
		$jobs = JobsSchema::table();
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT i.id, i.job_id FROM {$this->table()} i INNER JOIN {$jobs} j ON j.id = i.job_id WHERE i.batch_id = %d AND i.status = %s AND j.status = %s ORDER BY i.id ASC LIMIT %d", $batch_id, BatchStatus::ITEM_RUNNING, 'pending', $limit ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own batch items and jobs tables.
		return is_array( $rows ) ? array_values( $rows ) : array();
	}

	/**
	 * Moves an item from one status to another with other columns; true when this call changed it.
	 *
	 * @param list<string>                   $from    Statuses it must be in.
	 * @param array<string, int|string|null> $changes Column => value (status included).
	 */
	public function transition( int $id, array $from, array $changes ): bool {
		global $wpdb;
		$changes['updated_at'] = time();
		$sets                  = array();
		$args                  = array();
		foreach ( $changes as $column => $value ) {
			if ( null === $value ) {
				$sets[] = "{$column} = NULL";
				continue;
			}
			$sets[] = is_int( $value ) ? "{$column} = %d" : "{$column} = %s";
			$args[] = $value;
		}
		$args[]  = $id;
		$args    = array_merge( $args, $from );
		$in      = implode( ',', array_fill( 0, count( $from ), '%s' ) );
		$changed = $wpdb->query( $wpdb->prepare( "UPDATE {$this->table()} SET " . implode( ', ', $sets ) . " WHERE id = %d AND status IN ({$in})", $args ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- column names from this plugin's code, values prepared; the plugin's own batch items table.
		return is_int( $changed ) && $changed > 0;
	}

	/**
	 * Sets the job of an item this caller just claimed (status running, no job yet).
	 */
	public function attach_job( int $id, int $job_id ): bool {
		global $wpdb;
		$changed = $wpdb->query( $wpdb->prepare( "UPDATE {$this->table()} SET job_id = %d, updated_at = %d WHERE id = %d AND status = %s", $job_id, time(), $id, BatchStatus::ITEM_RUNNING ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own batch items table.
		return is_int( $changed ) && $changed > 0;
	}

	/**
	 * Failed items back to waiting (without their job): what retry does.
	 */
	public function requeue_failed( int $batch_id ): int {
		global $wpdb;
		$changed = $wpdb->query( $wpdb->prepare( "UPDATE {$this->table()} SET status = %s, job_id = NULL, error = NULL, finished_at = NULL, attempts = attempts + 1, updated_at = %d WHERE batch_id = %d AND status = %s", BatchStatus::ITEM_WAITING, time(), $batch_id, BatchStatus::ITEM_FAILED ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own batch items table.
		return is_int( $changed ) ? $changed : 0;
	}

	/**
	 * How many items are in each status.
	 *
	 * @return array<string, int>
	 */
	public function counts( int $batch_id ): array {
		global $wpdb;
		$rows   = $wpdb->get_results( $wpdb->prepare( "SELECT status, COUNT(*) AS n FROM {$this->table()} WHERE batch_id = %d GROUP BY status", $batch_id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own batch items table.
		$counts = array_fill_keys( BatchStatus::ITEM_ALL, 0 );
		foreach ( is_array( $rows ) ? $rows : array() as $row ) {
			$status            = BatchStatus::ITEM_APPLYING === $row['status'] ? BatchStatus::ITEM_REVIEW : (string) $row['status'];
			$counts[ $status ] = ( $counts[ $status ] ?? 0 ) + (int) $row['n'];
		}
		return $counts;
	}

	public function tokens( int $batch_id ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COALESCE(SUM(tokens), 0) FROM {$this->table()} WHERE batch_id = %d", $batch_id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own batch items table.
	}

	/**
	 * Items that ended since a time (the throughput an ETA is computed from).
	 */
	public function finished_since( int $batch_id, int $since ): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$this->table()} WHERE batch_id = %d AND finished_at >= %d", $batch_id, $since ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own batch items table.
	}

	/**
	 * A page of items, in order, optionally of one status.
	 *
	 * @return array{0: list<array<string, mixed>>, 1: int} The page and the total.
	 */
	public function page( int $batch_id, ?string $status, int $page, int $per_page ): array {
		global $wpdb;
		$where = null === $status ? $wpdb->prepare( 'batch_id = %d', $batch_id ) : $wpdb->prepare( 'batch_id = %d AND status = %s', $batch_id, $status );
		$total = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$this->table()} WHERE {$where}" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- condition prepared above; the plugin's own batch items table.
		$rows  = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$this->table()} WHERE {$where} ORDER BY id ASC LIMIT %d OFFSET %d", $per_page, ( $page - 1 ) * $per_page ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- condition prepared above; the plugin's own batch items table.
		return array( is_array( $rows ) ? array_values( $rows ) : array(), $total );
	}
}
