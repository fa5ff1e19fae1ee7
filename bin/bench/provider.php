<?php
/**
 * Points the bench site at the local test AI server and sets the shared provider limit, then optionally enqueues
 * --jobs text jobs whose provider request takes about one second each (the server's latency directive).
 *
 * With --rate-limited=N it enqueues N text jobs whose first request the server refuses (429, Retry-After: 2).
 *
 *     php bin/bench/provider.php --path=WP --url=http://127.0.0.1:PORT/v1 [--in-flight=4] [--jobs=200] [--rate-limited=5]
 *
 * @package IACP
 */

declare( strict_types=1 );

require __DIR__ . '/lib.php';
iacp_bench_load_wordpress();

$iacp_flags    = iacp_bench_flags();
$iacp_settings = iacp()->settings()->update(
	array(
		'provider_base_url'            => (string) ( $iacp_flags['url'] ?? '' ),
		'text_model'                   => 'iacp-text-1',
		'image_model'                  => 'iacp-image-1',
		'provider_max_in_flight'       => max( 1, (int) ( $iacp_flags['in-flight'] ?? 4 ) ),
		'provider_requests_per_minute' => 100000,
	)
);
if ( is_wp_error( $iacp_settings ) ) {
	fwrite( STDERR, $iacp_settings->get_error_message() . "\n" );
	exit( 1 );
}
iacp()->api_key_store()->save( 'bench-key' );
delete_option( IACP\Providers\ProviderThrottle::OPTION );

$iacp_jobs   = max( 0, (int) ( $iacp_flags['jobs'] ?? 0 ) );
$iacp_errors = 0;
for ( $iacp_i = 0; $iacp_i < $iacp_jobs; $iacp_i++ ) {
	$iacp_id      = iacp_enqueue_job(
		'text',
		array(
			'mode' => 'shorten',
			'text' => "Bench sentence {$iacp_i} for the provider slots. [[latency:1000]] [[chunk-delay:1]]",
		),
		array( 'max_attempts' => 3 )
	);
	$iacp_errors += is_wp_error( $iacp_id ) ? 1 : 0;
}

// Jobs whose first request the provider refuses with 429 and Retry-After: 2 (then answers).
$iacp_limited = max( 0, (int) ( $iacp_flags['rate-limited'] ?? 0 ) );
for ( $iacp_i = 0; $iacp_i < $iacp_limited; $iacp_i++ ) {
	$iacp_key     = wp_generate_password( 12, false );
	$iacp_id      = iacp_enqueue_job(
		'text',
		array(
			'mode' => 'shorten',
			'text' => "Rate limited {$iacp_key}. [[fault:429 times=1 key={$iacp_key}]] [[retry-after:2]]",
		),
		array( 'max_attempts' => 3 )
	);
	$iacp_errors += is_wp_error( $iacp_id ) ? 1 : 0;
}

iacp_bench_answer(
	array(
		'in_flight' => $iacp_settings['provider_max_in_flight'],
		'jobs'      => $iacp_jobs,
		'errors'    => $iacp_errors,
	)
);
