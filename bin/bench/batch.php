<?php
/**
 * Batch measurements on the bench site. One mode per run (each in a fresh PHP process, so memory figures are its own):
 *
 *     php bin/bench/batch.php --path=WP --seed=10000            posts for batches (idempotent: tops up to N)
 *     php bin/bench/batch.php --path=WP --start [--limit=N]     times BatchService::create() over every post (what
 *                                                               POST /batches does), as the site's first admin
 *     php bin/bench/batch.php --path=WP --plan=<batch id>       runs the batch's steps in this process until it is
 *                                                               planned (only batch_step jobs: nothing reaches the AI);
 *                                                               memory before and at its peak, seconds; then cancels it
 *     php bin/bench/batch.php --path=WP --progress=<batch id>   the batch's status and counts
 *
 * @package IACP
 */

declare( strict_types=1 );

require __DIR__ . '/lib.php';
iacp_bench_load_wordpress();

global $wpdb;
$iacp_flags = iacp_bench_flags();
$iacp_admin = get_users(
	array(
		'role'   => 'administrator',
		'number' => 1,
		'fields' => 'ID',
	)
);
wp_set_current_user( (int) ( $iacp_admin[0] ?? 1 ) );

if ( isset( $iacp_flags['seed'] ) ) {
	$iacp_want = max( 0, (int) $iacp_flags['seed'] );
	$iacp_have = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->posts} WHERE post_type = 'post' AND post_title LIKE %s", 'Bench batch post %' ) );
	$iacp_now  = gmdate( 'Y-m-d H:i:s' );
	// Multi-row INSERTs: 10,000 wp_insert_post() calls would measure WordPress, not the batch.
	for ( $iacp_i = $iacp_have; $iacp_i < $iacp_want; $iacp_i += 500 ) {
		$iacp_rows = array();
		for ( $iacp_j = $iacp_i; $iacp_j < min( $iacp_want, $iacp_i + 500 ); $iacp_j++ ) {
			$iacp_rows[] = $wpdb->prepare( '(%d, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)', get_current_user_id(), $iacp_now, $iacp_now, "Bench post body {$iacp_j}. [[latency:1000]] [[chunk-delay:1]]", "Bench batch post {$iacp_j}", '', 'publish', 'post', "bench-batch-post-{$iacp_j}", '', '', '' );
		}
		$wpdb->query( "INSERT INTO {$wpdb->posts} (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt, post_status, post_type, post_name, to_ping, pinged, post_content_filtered) VALUES " . implode( ', ', $iacp_rows ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- rows prepared above.
	}
	// Posts of an earlier run get this run's body (the test AI server's directives: ~1 s per answer) and no excerpt.
	$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->posts} SET post_content = CONCAT('Bench post body ', ID, '. [[latency:1000]] [[chunk-delay:1]]'), post_excerpt = '' WHERE post_type = 'post' AND post_title LIKE %s", 'Bench batch post %' ) );
	iacp_bench_answer( array( 'posts' => max( $iacp_have, $iacp_want ) ) );
	exit( 0 );
}

if ( isset( $iacp_flags['start'] ) ) {
	$iacp_params = array(
		'action' => 'excerpt',
		'mode'   => 'apply',
		'filter' => array(
			'post_type' => 'post',
			'search'    => 'Bench batch post',
		),
	);
	if ( isset( $iacp_flags['limit'] ) ) {
		$iacp_params['limit'] = (int) $iacp_flags['limit'];
	}
	$iacp_began = microtime( true );
	$iacp_batch = iacp()->batch_service()->create( $iacp_params, get_current_user_id() );
	$iacp_ms    = ( microtime( true ) - $iacp_began ) * 1000;
	if ( is_wp_error( $iacp_batch ) ) {
		fwrite( STDERR, $iacp_batch->get_error_message() . "\n" );
		exit( 1 );
	}
	iacp_bench_answer(
		array(
			'batch' => $iacp_batch->id,
			'total' => $iacp_batch->total,
			'ms'    => $iacp_ms,
		)
	);
	exit( 0 );
}

if ( isset( $iacp_flags['plan'] ) ) {
	$iacp_id     = (int) $iacp_flags['plan'];
	$iacp_before = memory_get_usage();
	memory_reset_peak_usage(); // The peak of planning, not of loading WordPress.
	$iacp_began  = microtime( true );
	$iacp_steps  = 0;
	do {
		$iacp_batch = iacp()->batch_repository()->find( $iacp_id );
		if ( null === $iacp_batch ) {
			exit( 1 );
		}
		$wpdb->query( $wpdb->prepare( 'UPDATE ' . iacp()->job_repository()->table() . " SET available_at = %d WHERE id = %d AND status = 'pending'", time(), (int) $iacp_batch->driver_job_id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		iacp()->runner()->run( new IACP\Queue\RunnerBudget( IACP\Queue\RunnerBudget::CLI, 30, 0, 1, 0.0, 0.05, array( 'batch_step' ) ) );
		++$iacp_steps;
	} while ( ! $iacp_batch->planned_all && microtime( true ) - $iacp_began < 600 );
	$iacp_seconds = microtime( true ) - $iacp_began;
	$iacp_peak    = memory_get_peak_usage();
	$iacp_counts  = iacp()->batch_items()->counts( $iacp_id );
	iacp()->batch_service()->cancel( $iacp_batch );
	iacp_bench_answer(
		array(
			'planned'       => array_sum( $iacp_counts ),
			'steps'         => $iacp_steps,
			'seconds'       => $iacp_seconds,
			'memory_before' => $iacp_before,
			'memory_peak'   => $iacp_peak,
		)
	);
	exit( 0 );
}

if ( isset( $iacp_flags['progress'] ) ) {
	$iacp_batch = iacp()->batch_repository()->find( (int) $iacp_flags['progress'] );
	iacp_bench_answer(
		array(
			'status' => null === $iacp_batch ? null : $iacp_batch->status,
			'counts' => null === $iacp_batch ? array() : iacp()->batch_items()->counts( $iacp_batch->id ),
		)
	);
	exit( 0 );
}

fwrite( STDERR, "one of --seed, --start, --plan or --progress\n" );
exit( 2 );
