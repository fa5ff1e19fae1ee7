<?php
/**
 * The people and posts that jobs exist for, searched by name or title: what the Jobs screen's user and post
 * pickers offer. Joins the jobs table with WordPress's users and posts; nothing else reads them this way.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

final class JobSubjectsRepository {

	/**
	 * Users who started at least one job, whose display name, login or email contains the search, by name.
	 *
	 * @return list<array{id: int, name: string}>
	 */
	public function owners( string $search, int $limit ): array {
		global $wpdb;
		$sql  = 'SELECT u.ID AS id, u.display_name AS name FROM ' . $wpdb->users . ' u WHERE u.ID IN (SELECT DISTINCT user_id FROM ' . JobsSchema::table() . ')';
		$args = array();
		if ( '' !== $search ) {
			$like = '%' . $wpdb->esc_like( $search ) . '%';
			$sql .= ' AND (u.display_name LIKE %s OR u.user_login LIKE %s OR u.user_email LIKE %s)';
			array_push( $args, $like, $like, $like );
		}
		$args[] = $limit;
		$rows   = $wpdb->get_results( $wpdb->prepare( $sql . ' ORDER BY u.display_name ASC, u.ID ASC LIMIT %d', $args ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- clauses built here from placeholders; names and titles for the plugin's own table's rows, one query per page; not cached, they change with every job.
		return array_map(
			static fn( array $row ): array => array(
				'id'   => (int) $row['id'],
				'name' => (string) $row['name'],
			),
			is_array( $rows ) ? $rows : array()
		);
	}

	/**
	 * Which of these users started at least one job (deleted accounts included).
	 *
	 * @param list<int> $ids User ids.
	 * @return list<int>
	 */
	public function owners_among( array $ids ): array {
		global $wpdb;
		if ( array() === $ids ) {
			return array();
		}
		$placeholders = implode( ', ', array_fill( 0, count( $ids ), '%d' ) );
		$found        = $wpdb->get_col( $wpdb->prepare( 'SELECT DISTINCT user_id FROM ' . JobsSchema::table() . " WHERE user_id IN ({$placeholders})", $ids ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.PreparedSQL.InterpolatedNotPrepared, WordPress.DB.PreparedSQLPlaceholders.UnfinishedPrepare, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- one %d per id; names and titles for the plugin's own table's rows, one query per page; not cached, they change with every job.
		return array_map( 'intval', $found );
	}

	/**
	 * Ids of existing posts that have at least one job, whose title contains the search (or whose id it is),
	 * most recently modified first.
	 *
	 * @return list<int>
	 */
	public function post_ids( string $search, int $limit ): array {
		global $wpdb;
		$sql  = 'SELECT p.ID FROM ' . $wpdb->posts . ' p WHERE p.ID IN (SELECT DISTINCT post_id FROM ' . JobsSchema::table() . ' WHERE post_id IS NOT NULL)';
		$args = array();
		if ( '' !== $search ) {
			$sql   .= ' AND (p.post_title LIKE %s OR p.ID = %d)';
			$args[] = '%' . $wpdb->esc_like( $search ) . '%';
			$args[] = ctype_digit( $search ) ? (int) $search : 0;
		}
		$args[] = $limit;
		$ids    = $wpdb->get_col( $wpdb->prepare( $sql . ' ORDER BY p.post_modified_gmt DESC, p.ID DESC LIMIT %d', $args ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- clauses built here from placeholders; names and titles for the plugin's own table's rows, one query per page; not cached, they change with every job.
		return array_map( 'intval', $ids );
	}
}
