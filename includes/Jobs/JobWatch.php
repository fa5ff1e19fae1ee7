<?php
/**
 * The read an event stream repeats: one job and, in the same query, what the viewer's access to it rests on — the
 * post's author and status and the viewer's roles on this site. When that changes, the stream checks access again.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

final class JobWatch {

	/** Columns the query adds to the job row; they are not the job's. */
	private const ACCESS_COLUMNS = array( 'iacp_post_author', 'iacp_post_status', 'iacp_viewer_roles' );

	/**
	 * The job by its key (null when it is gone), and a fingerprint of what access to it depends on.
	 *
	 * @return array{job: Job, access: string}|null
	 */
	public function read( int $job_id, int $viewer_id ): ?array {
		global $wpdb;
		$sql = 'SELECT j.*, p.post_author AS iacp_post_author, p.post_status AS iacp_post_status, m.meta_value AS iacp_viewer_roles FROM '
			. JobsSchema::table() . " j LEFT JOIN {$wpdb->posts} p ON p.ID = j.post_id LEFT JOIN {$wpdb->usermeta} m ON m.user_id = %d AND m.meta_key = %s WHERE j.id = %d LIMIT 1";
		$row = $wpdb->get_row( $wpdb->prepare( $sql, $viewer_id, $wpdb->get_blog_prefix() . 'capabilities', $job_id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared, WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- table names only; an event stream's read of the plugin's own table; never cached, it watches for changes.
		if ( ! is_array( $row ) ) {
			return null;
		}
		$access = array();
		foreach ( self::ACCESS_COLUMNS as $column ) {
			$access[] = (string) $row[ $column ];
			unset( $row[ $column ] );
		}
		return array(
			'job'    => JobRows::hydrate( $row ),
			'access' => md5( implode( '|', $access ) ),
		);
	}
}
