<?php
/**
 * Bench setup between measurements: empties the jobs table, forgets the bench's WP-Cron events, sets the per-user
 * REST limits high enough for the bench, turns the instant kick (and web runners on bench jobs) on or off, and the
 * trace of claims and partial writes (see mu-plugin.php) on or off, starting a new trace file.
 *
 *     php bin/bench/setup.php --path=WP [--kick=on|off] [--trace=on|off]
 *
 * @package IACP
 */

declare( strict_types=1 );

require __DIR__ . '/lib.php';
iacp_bench_load_wordpress();

global $wpdb;
$iacp_flags = iacp_bench_flags();
$iacp_kick  = 'on' === ( $iacp_flags['kick'] ?? 'off' ) ? 'on' : 'off';

update_option( 'iacp_bench_kick', $iacp_kick, true );
update_option( 'iacp_bench_trace', 'on' === ( $iacp_flags['trace'] ?? 'off' ) ? 'on' : 'off', true );
wp_delete_file( WP_CONTENT_DIR . '/iacp-bench-trace.log' );
$iacp_settings = iacp()->settings()->update(
	array(
		'jobs_per_minute' => 10000,
		'max_active_jobs' => 1000,
	)
);
if ( is_wp_error( $iacp_settings ) ) {
	fwrite( STDERR, $iacp_settings->get_error_message() . "\n" );
	exit( 1 );
}

$wpdb->query( 'TRUNCATE TABLE ' . iacp()->job_repository()->table() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- table name only.

$iacp_crons = _get_cron_array();
foreach ( $iacp_crons as $iacp_time => $iacp_hooks ) {
	unset( $iacp_crons[ $iacp_time ]['iacp_bench_cron_noop'] );
	if ( array() === $iacp_crons[ $iacp_time ] ) {
		unset( $iacp_crons[ $iacp_time ] );
	}
}
_set_cron_array( $iacp_crons );
delete_transient( 'doing_cron' );
iacp()->instant_kick()->reset_throttle();

iacp_bench_answer(
	array(
		'kick'   => $iacp_kick,
		'jobs'   => (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . iacp()->job_repository()->table() ), // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		'limits' => array(
			'jobs_per_minute' => $iacp_settings['jobs_per_minute'],
			'max_active_jobs' => $iacp_settings['max_active_jobs'],
		),
		'server' => $wpdb->db_server_info(),
	)
);
