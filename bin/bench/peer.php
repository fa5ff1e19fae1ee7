<?php
/**
 * (j) IACP next to Action Scheduler 3.8.2 with the same jobs: each writes one row to {prefix}iacp_bench_effects
 * (IACP: a `bench_effect` job; Action Scheduler: an async action on `iacp_bench_as_effect`). Action Scheduler is
 * loaded in this process only, from IACP_BENCH_AS (see bin/bench/mu-plugin.php).
 *
 *     php bin/bench/peer.php --path=WP --action=reset
 *     php bin/bench/peer.php --path=WP --action=enqueue --system=iacp|as --n=2000
 *     IACP_BENCH_AS_PROCESSES=4 php bin/bench/peer.php --path=WP --action=drain    (Action Scheduler's runner)
 *     php bin/bench/peer.php --path=WP --action=count
 *
 * @package IACP
 */

declare( strict_types=1 );

// phpcs:disable WordPress.DB.DirectDatabaseQuery, WordPress.DB.PreparedSQL.InterpolatedNotPrepared -- bench tables, names built here.

require __DIR__ . '/lib.php';
iacp_bench_load_wordpress();

global $wpdb;
$iacp_flags   = iacp_bench_flags();
$iacp_effects = $wpdb->prefix . 'iacp_bench_effects';
$iacp_as      = $wpdb->prefix . 'actionscheduler_';
$iacp_has_as  = class_exists( 'ActionScheduler_QueueRunner' );
$iacp_pending = static fn(): int => (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$iacp_as}actions WHERE hook = 'iacp_bench_as_effect' AND status = 'pending'" );

switch ( $iacp_flags['action'] ?? '' ) {
	case 'reset':
		$wpdb->query( "CREATE TABLE IF NOT EXISTS {$iacp_effects} (id bigint(20) unsigned NOT NULL AUTO_INCREMENT, job bigint(20) NOT NULL, started_ms double NOT NULL, PRIMARY KEY (id)) " . $wpdb->get_charset_collate() );
		$wpdb->query( "TRUNCATE TABLE {$iacp_effects}" );
		if ( $iacp_has_as ) {
			foreach ( array( 'actions', 'claims', 'logs' ) as $iacp_table ) {
				$wpdb->query( "TRUNCATE TABLE {$iacp_as}{$iacp_table}" );
			}
		}
		iacp_bench_answer(
			array(
				'action_scheduler' => $iacp_has_as ? ActionScheduler_Versions::instance()->latest_version() : null,
			)
		);
		break;

	case 'enqueue':
		$iacp_system = (string) ( $iacp_flags['system'] ?? 'iacp' );
		$iacp_n      = max( 1, (int) ( $iacp_flags['n'] ?? 2000 ) );
		$iacp_errors = 0;
		$iacp_start  = microtime( true );
		for ( $iacp_i = 0; $iacp_i < $iacp_n; $iacp_i++ ) {
			$iacp_ok      = 'as' === $iacp_system
				? 0 < as_enqueue_async_action( 'iacp_bench_as_effect', array( $iacp_i ), 'iacp-bench' )
				: ! is_wp_error( iacp_enqueue_job( 'bench_effect', array( 'i' => $iacp_i ) ) );
			$iacp_errors += $iacp_ok ? 0 : 1;
		}
		$iacp_seconds = microtime( true ) - $iacp_start;
		iacp_bench_answer(
			array(
				'system'     => $iacp_system,
				'n'          => $iacp_n,
				'errors'     => $iacp_errors,
				'seconds'    => $iacp_seconds,
				'per_second' => $iacp_n / $iacp_seconds,
			)
		);
		break;

	case 'drain':
		// Action Scheduler's own runner, as WP-Cron or its WP-CLI command calls it, until nothing is left.
		$iacp_processed = 0;
		$iacp_start     = microtime( true );
		while ( microtime( true ) - $iacp_start < 240 ) {
			$iacp_ran        = ActionScheduler_QueueRunner::instance()->run( 'WP CLI' );
			$iacp_processed += $iacp_ran;
			if ( 0 === $iacp_ran && 0 === $iacp_pending() ) {
				break;
			}
			if ( 0 === $iacp_ran ) {
				usleep( 50000 ); // Another process holds the claims that are left.
			}
		}
		iacp_bench_answer(
			array(
				'processed' => $iacp_processed,
				'seconds'   => microtime( true ) - $iacp_start,
			)
		);
		break;

	case 'count':
		$iacp_rows = $wpdb->get_row( "SELECT COUNT(*) AS effects, COUNT(DISTINCT job) AS jobs FROM {$iacp_effects}", ARRAY_A );
		iacp_bench_answer(
			array(
				'effects'    => (int) $iacp_rows['effects'],
				'jobs'       => (int) $iacp_rows['jobs'],
				'as_pending' => $iacp_has_as ? $iacp_pending() : null,
				'iacp'       => iacp()->queue_stats_repository()->count_by_status(),
			)
		);
		break;

	default:
		fwrite( STDERR, "--action=reset|enqueue|drain|count\n" );
		exit( 2 );
}
