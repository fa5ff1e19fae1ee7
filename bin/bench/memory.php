<?php
/**
 * (g) Worker memory over many jobs: runs the Runner in this process (as bin/iacp-worker.php does) with a budget of
 * --jobs bench_noop jobs, and records memory_get_usage() before the run and after every --every jobs, and the SQL
 * statements the run sent ($wpdb->num_queries: claims, status writes, reaps, everything).
 * Enqueue the jobs first (bin/bench/enqueue.php).
 *
 *     php bin/bench/memory.php --path=WP [--jobs=10000] [--every=1000]
 *
 * @package IACP
 */

declare( strict_types=1 );

use IACP\Queue\RunnerBudget;

require __DIR__ . '/lib.php';
iacp_bench_load_wordpress();

$iacp_flags  = iacp_bench_flags();
$iacp_jobs   = max( 1, (int) ( $iacp_flags['jobs'] ?? 10000 ) );
$iacp_every  = max( 1, (int) ( $iacp_flags['every'] ?? 1000 ) );
$iacp_series = array(
	array(
		'jobs'  => 0,
		'bytes' => memory_get_usage(),
		'real'  => memory_get_usage( true ),
	),
);
$iacp_count  = 0;
add_action(
	'iacp_job_processed',
	static function () use ( &$iacp_count, &$iacp_series, $iacp_every ): void {
		++$iacp_count;
		if ( 0 === $iacp_count % $iacp_every ) {
			$iacp_series[] = array(
				'jobs'  => $iacp_count,
				'bytes' => memory_get_usage(),
				'real'  => memory_get_usage( true ),
			);
		}
	},
	// After the Runner's own listeners; the Runner frees its caches after this action.
	PHP_INT_MAX
);

$iacp_queries = $GLOBALS['wpdb']->num_queries;
$iacp_start   = microtime( true );
$iacp_summary = iacp()->runner()->run( new RunnerBudget( RunnerBudget::WORKER, 0, 0, $iacp_jobs, 0.0, 0.05, array( 'bench_noop' ) ) );
$iacp_seconds = microtime( true ) - $iacp_start;
$iacp_queries = $GLOBALS['wpdb']->num_queries - $iacp_queries;

iacp_bench_answer(
	array(
		'summary'    => $iacp_summary->to_array(),
		'seconds'    => $iacp_seconds,
		'per_second' => $iacp_count / $iacp_seconds,
		'queries'    => $iacp_queries,
		'series'     => $iacp_series,
		'peak'       => memory_get_peak_usage(),
		'peak_real'  => memory_get_peak_usage( true ),
	)
);
