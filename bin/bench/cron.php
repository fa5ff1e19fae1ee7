<?php
/**
 * (d) The WordPress baseline, plain WP-Cron single events: schedules --n events of `iacp_bench_cron_noop` (due
 * already), then runs them the way wp-cron.php does (take the doing_cron lock; for each due event unschedule it,
 * fire its hook, re-read the lock) in this one process. Other hooks' events are left alone.
 *
 *     php bin/bench/cron.php --path=WP [--n=2000]
 *
 * @package IACP
 */

declare( strict_types=1 );

require __DIR__ . '/lib.php';
iacp_bench_load_wordpress();

global $wpdb;
$iacp_n   = max( 1, (int) ( iacp_bench_flags()['n'] ?? 2000 ) );
$iacp_ran = 0;
add_action(
	'iacp_bench_cron_noop',
	static function () use ( &$iacp_ran ): void {
		++$iacp_ran;
	}
);

$iacp_scheduled = 0;
$iacp_start     = microtime( true );
for ( $iacp_i = 0; $iacp_i < $iacp_n; $iacp_i++ ) {
	if ( true === wp_schedule_single_event( time() - 1, 'iacp_bench_cron_noop', array( $iacp_i ) ) ) {
		++$iacp_scheduled;
	}
}
$iacp_schedule_seconds = microtime( true ) - $iacp_start;

// What wp-cron.php does, minus the HTTP request that starts it.
$iacp_lock  = static function () use ( $wpdb ): string {
	$row = $wpdb->get_row( $wpdb->prepare( "SELECT option_value FROM $wpdb->options WHERE option_name = %s LIMIT 1", '_transient_doing_cron' ) );
	return is_object( $row ) ? (string) $row->option_value : '';
};
$iacp_start = microtime( true );
$iacp_key   = sprintf( '%.22F', microtime( true ) );
set_transient( 'doing_cron', $iacp_key );
$iacp_lost = false;
foreach ( wp_get_ready_cron_jobs() as $iacp_timestamp => $iacp_hooks ) {
	foreach ( $iacp_hooks as $iacp_hook => $iacp_events ) {
		if ( 'iacp_bench_cron_noop' !== $iacp_hook ) {
			continue;
		}
		foreach ( $iacp_events as $iacp_event ) {
			wp_unschedule_event( $iacp_timestamp, $iacp_hook, $iacp_event['args'], true );
			do_action_ref_array( $iacp_hook, $iacp_event['args'] );
			if ( $iacp_lock() !== $iacp_key ) {
				$iacp_lost = true;
				break 3;
			}
		}
	}
}
if ( $iacp_lock() === $iacp_key ) {
	delete_transient( 'doing_cron' );
}
$iacp_run_seconds = microtime( true ) - $iacp_start;
$iacp_left        = 0;
foreach ( _get_cron_array() as $iacp_hooks ) {
	$iacp_left += count( $iacp_hooks['iacp_bench_cron_noop'] ?? array() );
}

iacp_bench_answer(
	array(
		'n'                   => $iacp_n,
		'scheduled'           => $iacp_scheduled,
		'schedule_seconds'    => $iacp_schedule_seconds,
		'schedule_per_second' => $iacp_scheduled / $iacp_schedule_seconds,
		'ran'                 => $iacp_ran,
		'left'                => $iacp_left,
		'lock_lost'           => $iacp_lost,
		'run_seconds'         => $iacp_run_seconds,
		'run_per_second'      => $iacp_ran / $iacp_run_seconds,
	)
);
