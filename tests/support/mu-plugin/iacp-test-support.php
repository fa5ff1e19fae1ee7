<?php
/**
 * Test-only support loaded as a mu-plugin in test environments: never part of the shipped plugin.
 *
 * Job types with countable side effects (each execution writes a row to {prefix}iacptest_effects — a name outside
 * the plugin's iacp_ prefix, so the uninstall test never sees it):
 *   test_noop              returns its input.
 *   test_count             { ms, after_ms, report_time_limit } waits ms, records one effect row (fails if it could not),
 *                          waits after_ms; reports max_execution_time in its result when asked.
 *   test_sleep             { ms, step_ms } sleeps in steps with heartbeats and progress, honours cancel, records an effect.
 *   test_sleep_short_lease test_sleep with a 2 s lease (for killed-worker tests).
 *   test_sleep_limited     test_sleep with a 1 s time limit (for timeout tests).
 *   test_fail              { mode: permanent|retryable|exception|flaky, retry_after, fail_times } fails on demand.
 *   test_crash             { mode: memory|fatal|exit } stops the PHP process running it.
 *   test_ai_limited        asks the AI provider (chat, streamed) with a 3 s time limit.
 *   test_image, test_text  the built-in image and text types under names the site's web runners leave alone.
 *   test_kick              like test_count (time limit 60 s); the kick and POST /queue/run may claim test_kick*.
 *   test_kick_quick        like test_count with a 1 s time limit.
 *   test_kick_burn         { ms } keeps the CPU busy for ms without a heartbeat (time limit 1 s).
 *   test_kick_sleep        test_sleep for kick runners.
 *   test_wp_cli_cron       like test_count; claimed only by WP-Cron run from WP-CLI (`wp cron event run`).
 *   test_image_short_lease the built-in image handler (real provider, real Media Library) with a 2 s lease, for
 *                          tests of lease renewal during a long provider request.
 *
 * Web runners of the test sites skip the other test_* types (WP-Cron all but test_wp_cli_cron), so a test owns its
 * jobs while the real site keeps serving requests (and WP-Cron) next to it.
 *
 * Requests to the test sites may carry X-IACP-Test-Max-Execution-Time: <s> (PHP's time limit for that request,
 * counted from here) and X-IACP-Test-No-Raise: 1 (a host where set_time_limit() cannot raise it).
 *
 * @package IACP
 */

declare( strict_types=1 );

// No mail server on test machines.
add_filter( 'pre_wp_mail', '__return_true' );

// A web runner test plays a host with a short max_execution_time (and one that forbids raising it).
if ( isset( $_SERVER['HTTP_X_IACP_TEST_MAX_EXECUTION_TIME'] ) ) {
	set_time_limit( max( 1, (int) $_SERVER['HTTP_X_IACP_TEST_MAX_EXECUTION_TIME'] ) );
	// A kick handed on from here would not carry the played limit (on a real host it would): none is sent.
	add_filter( 'iacp_instant_kick', '__return_false' );
}
if ( isset( $_SERVER['HTTP_X_IACP_TEST_NO_RAISE'] ) ) {
	add_filter( 'iacp_raise_time_limit', '__return_false' );
}
// A test that reads how a kick's run ended (its status code) holds the answer until the run is over.
if ( isset( $_SERVER['HTTP_X_IACP_TEST_HOLD_ANSWER'] ) ) {
	add_filter( 'iacp_kick_answer_early', '__return_false' );
}

/**
 * The effects table's name.
 */
function iacptest_effects_table(): string {
	global $wpdb;
	return $wpdb->prefix . 'iacptest_effects';
}

/**
 * Creates the effects table when missing.
 */
function iacptest_install_effects(): void {
	global $wpdb;
	$wpdb->query( 'CREATE TABLE IF NOT EXISTS ' . iacptest_effects_table() . ' ( id bigint(20) unsigned NOT NULL AUTO_INCREMENT, job_public_id char(36) NOT NULL, type varchar(64) NOT NULL, attempt int(11) NOT NULL, pid int(11) NOT NULL, at double NOT NULL, PRIMARY KEY (id), KEY job_public_id (job_public_id) )' );
}

/**
 * Records one execution of a job.
 */
function iacptest_record_effect( string $public_id, string $type, int $attempt ): void {
	global $wpdb;
	$recorded = $wpdb->insert(
		iacptest_effects_table(),
		array(
			'job_public_id' => $public_id,
			'type'          => $type,
			'attempt'       => $attempt,
			'pid'           => (int) getmypid(),
			'at'            => microtime( true ),
		)
	);
	if ( 1 !== $recorded ) {
		// A side effect that did not happen must not be reported as done.
		throw new RuntimeException( 'The effect was not recorded: ' . $wpdb->last_error );
	}
}

add_action(
	'iacp_register_job_types',
	static function ( $registry ): void {
		require_once __DIR__ . '/job-types.php';
		$registry->register( 'test_noop', new IACP_Test_Noop_Job() );
		$registry->register( 'test_count', new IACP_Test_Count_Job() );
		$registry->register( 'test_kick', new IACP_Test_Count_Job() );
		$registry->register( 'test_kick_quick', new IACP_Test_Count_Job( 1 ) );
		$registry->register( 'test_kick_burn', new IACP_Test_Burn_Job() );
		$registry->register( 'test_crash', new IACP_Test_Crash_Job() );
		$registry->register( 'test_ai_limited', new IACP_Test_Ai_Limited_Job() );
		$registry->register( 'test_wp_cli_cron', new IACP_Test_Count_Job() );
		$registry->register( 'test_image', new IACP\JobTypes\ImageJobHandler( iacp()->ai_provider(), iacp()->settings(), new IACP\JobTypes\ImageFiles() ) );
		$registry->register( 'test_text', new IACP\JobTypes\TextJobHandler( iacp()->ai_provider(), iacp()->settings(), new IACP\JobTypes\TextFormatter() ) );
		$registry->register( 'test_kick_sleep', new IACP_Test_Sleep_Job( 300 ) );
		$registry->register( 'test_sleep', new IACP_Test_Sleep_Job( 300 ) );
		$registry->register( 'test_sleep_short_lease', new IACP_Test_Sleep_Job( 300 ) );
		$registry->register( 'test_sleep_limited', new IACP_Test_Sleep_Job( 1 ) );
		$registry->register( 'test_fail', new IACP_Test_Fail_Job() );
	}
);

add_action(
	'iacp_register_job_types',
	static function ( $registry ): void {
		$image = $registry->get( 'image' );
		if ( null !== $image ) {
			$registry->register( 'test_image_short_lease', $image );
		}
	},
	20
);

add_filter(
	'iacp_lease_seconds',
	static fn( int $seconds, string $type ): int => in_array( $type, array( 'test_sleep_short_lease', 'test_image_short_lease' ), true ) ? 2 : $seconds,
	10,
	2
);

add_filter(
	'iacp_runner_job_types',
	static function ( array $types, $budget ): array {
		if ( ! in_array( $budget->source, array( 'cron', 'kick', 'rest' ), true ) ) {
			return $types;
		}
		// WP-Cron runs whenever a request reaches the site: it must never take a job a test is about to run itself.
		$web         = 'cron' === $budget->source ? '' : 'test_kick';
		$wp_cli_cron = 'cron' === $budget->source && defined( 'WP_CLI' ) && WP_CLI;
		return array_values( array_filter( $types, static fn( string $type ): bool => ! str_starts_with( $type, 'test_' ) || ( '' !== $web && str_starts_with( $type, $web ) ) || ( $wp_cli_cron && 'test_wp_cli_cron' === $type ) ) );
	},
	10,
	2
);

// The test sites run 8 PHP workers and two test runners at once: room for six event streams (the default, 4, is for
// a small PHP-FPM pool). The per-user cap stays as shipped.
add_filter(
	'iacp_event_stream_limits',
	static fn( array $limits ): array => array( 'site' => 6 ) + $limits
);
