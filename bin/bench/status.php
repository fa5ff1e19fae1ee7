<?php
/**
 * Jobs per status; with --results the handler start time (started_ms) of every completed bench_noop job; with --ids
 * each job's row id by its public id, and the trace of claims and partial writes (setup.php --trace=on).
 *
 *     php bin/bench/status.php --path=WP [--results] [--ids]
 *
 * @package IACP
 */

declare( strict_types=1 );

require __DIR__ . '/lib.php';
iacp_bench_load_wordpress();

global $wpdb;
$iacp_answer = array( 'counts' => iacp()->queue_stats_repository()->count_by_status() );
if ( isset( iacp_bench_flags()['results'] ) ) {
	$iacp_started = array();
	$iacp_rows    = $wpdb->get_results( $wpdb->prepare( 'SELECT public_id, result FROM ' . iacp()->job_repository()->table() . ' WHERE type = %s AND status = %s', 'bench_noop', 'completed' ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	foreach ( (array) $iacp_rows as $iacp_row ) {
		$iacp_result                            = json_decode( (string) $iacp_row['result'], true );
		$iacp_started[ $iacp_row['public_id'] ] = is_array( $iacp_result ) ? (float) ( $iacp_result['started_ms'] ?? 0 ) : 0.0;
	}
	$iacp_answer['started_ms'] = (object) $iacp_started;
}
if ( isset( iacp_bench_flags()['ids'] ) ) {
	$iacp_answer['ids'] = (object) $wpdb->get_results( 'SELECT public_id, id FROM ' . iacp()->job_repository()->table(), OBJECT_K ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	$iacp_answer['ids'] = array_map( static fn( $row ): int => (int) $row->id, (array) $iacp_answer['ids'] );
	$iacp_trace         = WP_CONTENT_DIR . '/iacp-bench-trace.log';
	$iacp_answer['trace'] = is_readable( $iacp_trace ) ? array_values( array_filter( array_map( static fn( string $line ) => json_decode( $line, true ), (array) file( $iacp_trace, FILE_IGNORE_NEW_LINES ) ) ) ) : array();
}
iacp_bench_answer( $iacp_answer );
