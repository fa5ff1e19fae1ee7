<?php
/**
 * (a) Enqueue rate through the PHP API: --n calls of iacp_enqueue_job( 'bench_noop', … ) in this one process.
 *
 *     php bin/bench/enqueue.php --path=WP --n=2000
 *
 * @package IACP
 */

declare( strict_types=1 );

require __DIR__ . '/lib.php';
iacp_bench_load_wordpress();

$iacp_n      = max( 1, (int) ( iacp_bench_flags()['n'] ?? 2000 ) );
$iacp_errors = 0;
$iacp_start  = microtime( true );
for ( $iacp_i = 0; $iacp_i < $iacp_n; $iacp_i++ ) {
	if ( is_wp_error( iacp_enqueue_job( 'bench_noop', array( 'i' => $iacp_i ) ) ) ) {
		++$iacp_errors;
	}
}
$iacp_seconds = microtime( true ) - $iacp_start;

iacp_bench_answer(
	array(
		'n'          => $iacp_n,
		'errors'     => $iacp_errors,
		'seconds'    => $iacp_seconds,
		'per_second' => $iacp_n / $iacp_seconds,
		'ms_each'    => $iacp_seconds * 1000 / $iacp_n,
	)
);
