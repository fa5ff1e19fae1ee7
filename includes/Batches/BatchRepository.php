<?php
/**
 * Every SQL statement on the batches table. Status changes are compare-and-set on the status they expect.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Batches;

final class BatchRepository {

	public function __construct( private readonly BatchesSchema $schema ) {}

	private function table(): string {
		$this->schema->install_if_needed();
		return BatchesSchema::batches_table();
	}

	/**
	 * @param array<string, int|string|null> $row Column => value.
	 */
	public function insert( array $row ): int {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery -- the plugin's own batches table.
		return 1 === $wpdb->insert( $this->table(), $row ) ? (int) $wpdb->insert_id : 0;
	}

	public function find( int $id ): ?Batch {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( "SELECT * FROM {$this->table()} WHERE id = %d", $id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own batches table; workers must read what is stored now.
		return is_array( $row ) ? Batch::from_row( $row ) : null;
	}

	/**
	 * A page of batches, newest first: one user's, or everyone's (null).
	 *
	 * @return array{0: list<Batch>, 1: int} The page and the total.
	 */
	public function page( ?int $user_id, ?string $status, int $page, int $per_page ): array {
		global $wpdb;
		$where = array( '1=1' );
		$args  = array();
		if ( null !== $user_id ) {
			$where[] = 'user_id = %d';
			$args[]  = $user_id;
		}
		if ( null !== $status ) {
			$where[] = 'status = %s';
			$args[]  = $status;
		}
		$sql   = implode( ' AND ', $where );
		$total = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$this->table()} WHERE {$sql} AND %d = %d", array_merge( $args, array( 1, 1 ) ) ) ); // phpcs:ignore WordPress.DB.PreparedSQLPlaceholders.ReplacementsWrongNumber, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- conditions built from fixed fragments above; the plugin's own batches table.
		$rows  = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$this->table()} WHERE {$sql} ORDER BY id DESC LIMIT %d OFFSET %d", array_merge( $args, array( $per_page, ( $page - 1 ) * $per_page ) ) ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQLPlaceholders.ReplacementsWrongNumber, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- conditions built from fixed fragments above; the plugin's own batches table.
		$list  = array_map( array( Batch::class, 'from_row' ), is_array( $rows ) ? $rows : array() );
		return array( array_values( $list ), $total );
	}

	/**
	 * Sets columns when the batch is in one of $from (any status when empty). True when a row changed.
	 *
	 * @param list<string>                   $from    Statuses it must be in.
	 * @param array<string, int|string|null> $changes Column => value.
	 */
	public function update( int $id, array $from, array $changes ): bool {
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
		$where  = 'id = %d';
		$args[] = $id;
		if ( array() !== $from ) {
			$where .= ' AND status IN (' . implode( ',', array_fill( 0, count( $from ), '%s' ) ) . ')';
			$args   = array_merge( $args, $from );
		}
		$changed = $wpdb->query( $wpdb->prepare( "UPDATE {$this->table()} SET " . implode( ', ', $sets ) . " WHERE {$where}", $args ) ); // phpcs:ignore WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- column names from this plugin's code, values prepared; the plugin's own batches table.
		return is_int( $changed ) && $changed > 0;
	}

	/**
	 * Batches of a user still at work, started from one post type (the list screen's notice).
	 *
	 * @return list<Batch>
	 */
	public function active_for( int $user_id, string $post_type ): array {
		global $wpdb;
		$rows = $wpdb->get_results( $wpdb->prepare( "SELECT * FROM {$this->table()} WHERE user_id = %d AND post_type = %s AND status IN (%s, %s, %s) ORDER BY id DESC LIMIT 5", $user_id, $post_type, BatchStatus::PLANNING, BatchStatus::RUNNING, BatchStatus::PAUSED ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the plugin's own batches table.
		return array_values( array_map( array( Batch::class, 'from_row' ), is_array( $rows ) ? $rows : array() ) );
	}
}
