<?php
/**
 * One worker process for ProviderThrottleTest: sends chat requests through the real ThrottledProvider (settings from
 * the test site's database), waiting whenever the shared throttle says DeferJob (its patience spent). Prints a JSON summary.
 *
 * Usage: php throttled-worker.php WP_PATH REQUESTS PROMPT
 *
 * @package IACP
 */

$_SERVER['HTTP_HOST']      = 'localhost';
$_SERVER['REQUEST_URI']    = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
require $argv[1] . '/wp-load.php';

$iacp_provider = iacp()->ai_provider();
$iacp_done     = 0;
$iacp_deferred = 0;
$iacp_deadline = microtime( true ) + 60;
while ( $iacp_done < (int) $argv[2] && microtime( true ) < $iacp_deadline ) {
	try {
		$iacp_provider->chat( array( array( 'role' => 'user', 'content' => $argv[3] ) ) );
		++$iacp_done;
	} catch ( IACP\Jobs\DeferJob $e ) {
		++$iacp_deferred;
		usleep( 50000 ); // A real job waits DeferJob::seconds() as pending; poll faster here to keep the test short.
	}
}
echo wp_json_encode( array( 'done' => $iacp_done, 'deferred' => $iacp_deferred ) );
