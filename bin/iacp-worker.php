<?php
/**
 * Standalone queue worker for hosts without WP-CLI (run it under systemd or supervisor):
 *
 *     php bin/iacp-worker.php --path=/path/to/wordpress [--once] [--max-jobs=<n>] [--time-limit=<s>]
 *         [--memory-limit=<MB>] [--sleep=<s>] [--type=<type>]
 *
 * Same runner, flags and signal handling as `wp iacp work`: SIGTERM/SIGINT finish the current job, then exit 0.
 *
 * @package IACP
 */

declare( strict_types=1 );

if ( 'cli' !== PHP_SAPI ) {
	exit( 1 );
}

$iacp_path = null;
foreach ( array_slice( $argv, 1 ) as $iacp_arg ) {
	if ( str_starts_with( $iacp_arg, '--path=' ) ) {
		$iacp_path = rtrim( substr( $iacp_arg, 7 ), '/' );
	}
}
if ( null === $iacp_path || ! is_readable( $iacp_path . '/wp-load.php' ) ) {
	fwrite( STDERR, "Usage: php iacp-worker.php --path=/path/to/wordpress [flags]\n" );
	exit( 2 );
}

// WordPress expects a request; give it a harmless one.
$_SERVER['HTTP_HOST']      = $_SERVER['HTTP_HOST'] ?? 'localhost';
$_SERVER['SERVER_NAME']    = $_SERVER['SERVER_NAME'] ?? 'localhost';
$_SERVER['REQUEST_URI']    = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';

require $iacp_path . '/wp-load.php';

if ( ! function_exists( 'iacp' ) ) {
	fwrite( STDERR, "AI Content Pipeline is not active on this site.\n" );
	exit( 2 );
}

$iacp_stop   = new IACP\Queue\StopSignal();
$iacp_budget = IACP\CLI\WorkerOptions::budget( IACP\CLI\WorkerOptions::parse_argv( array_slice( $argv, 1 ) ), IACP\Queue\RunnerBudget::WORKER, $iacp_stop );
if ( is_string( $iacp_budget ) ) {
	fwrite( STDERR, $iacp_budget . "\n" );
	exit( 2 );
}
IACP\CLI\SignalTrap::install( $iacp_stop );

$iacp_quiet = in_array( '--quiet', $argv, true );
add_action(
	'iacp_job_processed',
	static function ( IACP\Jobs\Job $job, string $outcome ) use ( $iacp_quiet ): void {
		if ( ! $iacp_quiet ) {
			printf( "%s  %s  %s: %s  attempt %d\n", gmdate( 'H:i:s' ), $job->public_id, $job->type, $outcome, $job->attempts );
		}
	},
	10,
	2
);

$iacp_summary = iacp()->runner()->run( $iacp_budget );
echo IACP\CLI\WorkCommand::describe( $iacp_summary->to_array() ), "\n";
exit( 0 );
