<?php
/**
 * Standalone queue worker for hosts without WP-CLI (run it under systemd or supervisor):
 *
 *     php bin/iacp-worker.php --path=/path/to/wordpress [--url=<site url>] [--once] [--max-jobs=<n>]
 *         [--time-limit=<s>] [--memory-limit=<MB>] [--sleep=<s>] [--type=<type>]
 *
 * Same runner, flags and signal handling as `wp iacp work`: SIGTERM/SIGINT finish the current job, then exit 0.
 * A lost database is waited for; a job that stops the process is recorded on the job and the worker exits 255 with
 * one plain line on stderr (never WordPress's HTML error page), for the supervisor to restart it.
 * --url picks the site of a multisite network, as WP-CLI's --url does.
 *
 * @package IACP
 */

declare( strict_types=1 );

if ( 'cli' !== PHP_SAPI ) {
	exit( 1 );
}

$iacp_path = null;
$iacp_url  = '';
foreach ( array_slice( $argv, 1 ) as $iacp_arg ) {
	if ( str_starts_with( $iacp_arg, '--path=' ) ) {
		$iacp_path = rtrim( substr( $iacp_arg, 7 ), '/' );
	} elseif ( str_starts_with( $iacp_arg, '--url=' ) ) {
		$iacp_url = substr( $iacp_arg, 6 );
	}
}
if ( null === $iacp_path || ! is_readable( $iacp_path . '/wp-load.php' ) ) {
	fwrite( STDERR, "Usage: php iacp-worker.php --path=/path/to/wordpress [--url=<site url>] [flags]\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite, WordPress.WP.AlternativeFunctions.file_system_read_fwrite -- this process's standard error.
	exit( 2 );
}

// WordPress expects a request: the one for the site --url names, else a harmless one (never the caller's environment).
preg_match( '#^(?:[a-z][a-z0-9+.-]*://)?(([^/:?\#]+)(?::\d+)?)(/[^?\#]*)?#i', $iacp_url, $iacp_site );
$_SERVER['HTTP_HOST']      = $iacp_site[1] ?? 'localhost';
$_SERVER['SERVER_NAME']    = $iacp_site[2] ?? 'localhost';
$_SERVER['REQUEST_URI']    = $iacp_site[3] ?? '/';
$_SERVER['REQUEST_METHOD'] = 'GET';

// Registered before WordPress's own fatal-error handler, so a job that kills the process is recorded first.
register_shutdown_function(
	static function (): void {
		if ( function_exists( 'iacp' ) ) {
			iacp()->fatal_error_monitor()->on_shutdown();
		}
	}
);

// Before the plugin loads (a database down at start): WordPress's error pages become one plain line and exit 1.
// phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited -- add_filter() does not exist before wp-load.php; WordPress turns a preset $wp_filter into hooks.
$GLOBALS['wp_filter']['wp_die_handler'][ PHP_INT_MAX ][] = array(
	'function'      => static fn(): string => 'iacp_worker_plain_die',
	'accepted_args' => 1,
);

/**
 * Prints a wp_die() message as one line of text and exits 1.
 *
 * @param string|WP_Error $message What WordPress would show.
 */
function iacp_worker_plain_die( $message ): void {
	$text = $message instanceof WP_Error ? $message->get_error_message() : (string) $message;
	$text = trim( (string) preg_replace( '/\s+/', ' ', html_entity_decode( strip_tags( str_replace( '</h1>', '. ', $text ) ) ) ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.strip_tags_strip_tags -- WordPress may not have loaded its formatting functions yet (a database down at start).
	fwrite( STDERR, gmdate( 'H:i:s' ) . '  ' . $text . "\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite, WordPress.WP.AlternativeFunctions.file_system_read_fwrite, WordPress.Security.EscapeOutput.OutputNotEscaped -- plain text on this process's standard error.
	exit( 1 );
}

require $iacp_path . '/wp-load.php';

if ( ! function_exists( 'iacp' ) ) {
	fwrite( STDERR, "AI Content Pipeline is not active on this site.\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite, WordPress.WP.AlternativeFunctions.file_system_read_fwrite -- this process's standard error.
	exit( 2 );
}

$iacp_stop   = new IACP\Queue\StopSignal();
$iacp_budget = IACP\CLI\WorkerOptions::budget( IACP\CLI\WorkerOptions::parse_argv( array_slice( $argv, 1 ) ), IACP\Queue\RunnerBudget::WORKER, $iacp_stop );
if ( is_string( $iacp_budget ) ) {
	fwrite( STDERR, $iacp_budget . "\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fwrite, WordPress.WP.AlternativeFunctions.file_system_read_fwrite -- this process's standard error.
	exit( 2 );
}
IACP\CLI\SignalTrap::install( $iacp_stop );

$iacp_log = new IACP\CLI\WorkerLog(
	static function ( string $line ): void {
		echo $line, "\n"; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- plain text on a terminal.
	},
	! in_array( '--quiet', $argv, true )
);
$iacp_log->attach();

$iacp_summary = iacp()->runner()->run( $iacp_budget );
echo esc_html( IACP\CLI\WorkCommand::describe( $iacp_summary->to_array() ) ), "\n";
exit( 0 );
