<?php
/**
 * (m) The recovery measurement's job: --action=enqueue queues one bench_sleep job of --ms; --action=state answers
 * when each of its attempts started (from {prefix}iacp_bench_effects, job = attempt) and the lease in force.
 *
 *     php bin/bench/recovery.php --path=WP --action=enqueue --ms=60000
 *     php bin/bench/recovery.php --path=WP --action=state
 *
 * @package IACP
 */

declare( strict_types=1 );

require __DIR__ . '/lib.php';
iacp_bench_load_wordpress();

global $wpdb;
$iacp_flags = iacp_bench_flags();
if ( 'enqueue' === ( $iacp_flags['action'] ?? '' ) ) {
	$iacp_id = iacp_enqueue_job( 'bench_sleep', array( 'ms' => max( 1, (int) ( $iacp_flags['ms'] ?? 60000 ) ) ) );
	iacp_bench_answer( array( 'id' => is_wp_error( $iacp_id ) ? null : $iacp_id ) );
	exit( 0 );
}
$iacp_starts = $wpdb->get_col( 'SELECT started_ms FROM ' . $wpdb->prefix . 'iacp_bench_effects ORDER BY job ASC' ); // phpcs:ignore WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.NotPrepared -- bench table.
iacp_bench_answer(
	array(
		'attempt_starts' => array_map( 'floatval', (array) $iacp_starts ),
		'lease_seconds'  => iacp()->queue_config()->lease_seconds( 'bench_sleep' ),
		'counts'         => iacp()->queue_stats_repository()->count_by_status(),
	)
);
