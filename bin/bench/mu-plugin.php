<?php
/**
 * Bench-only support, loaded as a mu-plugin on the `bench` site (`npm run bench`): never part of the shipped plugin.
 *
 *   bench_noop            a job type that returns { started_ms } at once (time limit 30 s, 1 attempt).
 *   iacp_bench_cron_noop  a WP-Cron hook that does nothing (the WP-Cron baseline).
 *   option iacp_bench_kick = 'off'
 *                         no instant kick, and the site's web runners (cron, kick, rest) leave bench_noop alone,
 *                         so the process being measured is the only one that runs bench jobs.
 *
 * CLI processes on this site never spawn WP-Cron: a bench script or worker must not start a second runner behind
 * the measurement's back (the web server still runs WP-Cron as usual).
 *
 * @package IACP
 */

declare( strict_types=1 );

// No mail server here.
add_filter( 'pre_wp_mail', '__return_true' );

if ( 'cli' === PHP_SAPI ) {
	remove_action( 'wp_loaded', '_wp_cron', 20 );
}

/**
 * Whether the bench asked for the instant kick and web runners to stay out of its way.
 */
function iacp_bench_web_runners_off(): bool {
	return 'off' === get_option( 'iacp_bench_kick', 'on' );
}

add_filter(
	'iacp_instant_kick',
	static fn( $enabled ) => iacp_bench_web_runners_off() ? false : $enabled
);

add_filter(
	'iacp_runner_job_types',
	static function ( array $types, $budget ): array {
		if ( ! iacp_bench_web_runners_off() || ! in_array( $budget->source, array( 'cron', 'kick', 'rest' ), true ) ) {
			return $types;
		}
		return array_values( array_filter( $types, static fn( string $type ): bool => 'bench_noop' !== $type ) );
	},
	10,
	2
);

add_action(
	'iacp_register_job_types',
	static function ( $registry ): void {
		$registry->register(
			'bench_noop',
			new class() implements IACP\Jobs\JobHandler {

				public function input_schema(): array {
					return array(
						'type'       => 'object',
						'properties' => array(
							'i' => array( 'type' => 'integer' ),
						),
					);
				}

				public function time_limit(): int {
					return 30;
				}

				public function default_max_attempts(): int {
					return 1;
				}

				public function handle( IACP\Jobs\Job $job, IACP\Jobs\JobContext $context ): array {
					return array( 'started_ms' => microtime( true ) * 1000 );
				}
			}
		);
	}
);

add_action( 'iacp_bench_cron_noop', '__return_null' );
