<?php
/**
 * Bench-only support, loaded as a mu-plugin on the `bench` site (`npm run bench`): never part of the shipped plugin.
 *
 *   bench_noop            a job type that returns { started_ms } at once (time limit 30 s, 1 attempt).
 *   bench_effect          a job type that writes one row to {prefix}iacp_bench_effects: the same effect as the
 *                         Action Scheduler peer's action `iacp_bench_as_effect` (bin/bench/peer.php).
 *   bench_sleep           { ms } runs that long with a heartbeat every 100 ms, recording each attempt's start in
 *                         {prefix}iacp_bench_effects (job = attempt): the recovery measurement's victim.
 *   iacp_bench_cron_noop  a WP-Cron hook that does nothing (the WP-Cron baseline).
 *   option iacp_bench_trace = 'on'
 *                         every claim and partial-output write of a job appends { kind, id, ms } to
 *                         wp-content/iacp-bench-trace.log: the server-side hops of the first-token measurement.
 *   IACP_BENCH_AS=<dir>   (environment) loads Action Scheduler from <dir>/action-scheduler.php in this process
 *                         only — a bench peer, never a dependency of the plugin; IACP_BENCH_AS_PROCESSES lets that
 *                         many of its runners work at once (its default is one).
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
		return array_values( array_filter( $types, static fn( string $type ): bool => ! in_array( $type, array( 'bench_noop', 'bench_effect', 'bench_sleep' ), true ) ) );
	},
	10,
	2
);

add_action(
	'iacp_register_job_types',
	static function ( $registry ): void {
		require_once __DIR__ . '/job-types.php';
		$registry->register( 'bench_noop', new IACP_Bench_Job( 'i', 30, 1, static fn(): array => array( 'started_ms' => microtime( true ) * 1000 ) ) );
		$registry->register(
			'bench_effect',
			new IACP_Bench_Job(
				'i',
				30,
				1,
				static function ( IACP\Jobs\Job $job ): array {
					iacp_bench_effect( (int) ( $job->input['i'] ?? 0 ) );
					return array();
				}
			)
		);
		$registry->register(
			'bench_sleep',
			new IACP_Bench_Job(
				'ms',
				300,
				3,
				static function ( IACP\Jobs\Job $job, IACP\Jobs\JobContext $context ): array {
					iacp_bench_effect( $context->attempt() );
					$until = microtime( true ) + (int) ( $job->input['ms'] ?? 1000 ) / 1000;
					while ( microtime( true ) < $until ) {
						usleep( 100000 );
						$context->heartbeat();
					}
					return array();
				}
			)
		);
	}
);

add_action( 'iacp_bench_cron_noop', '__return_null' );

/**
 * The one row a bench_effect job or a peer action writes.
 */
function iacp_bench_effect( int $job ): void {
	global $wpdb;
	$wpdb->insert( // phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery
		$wpdb->prefix . 'iacp_bench_effects',
		array(
			'job'        => $job,
			'started_ms' => microtime( true ) * 1000,
		),
		array( '%d', '%f' )
	);
}

$iacp_bench_as = (string) getenv( 'IACP_BENCH_AS' );
if ( '' !== $iacp_bench_as && is_readable( $iacp_bench_as . '/action-scheduler.php' ) ) {
	require_once $iacp_bench_as . '/action-scheduler.php';
	add_action( 'iacp_bench_as_effect', static fn( $job ) => iacp_bench_effect( (int) $job ) );
	add_filter( 'action_scheduler_queue_runner_concurrent_batches', static fn(): int => max( 1, (int) getenv( 'IACP_BENCH_AS_PROCESSES' ) ) );
}

add_action(
	'plugins_loaded',
	static function (): void {
		if ( 'on' !== get_option( 'iacp_bench_trace', 'off' ) ) {
			return;
		}
		add_filter(
			'query',
			static function ( $query ) {
				if ( ! is_string( $query ) || ! str_starts_with( $query, 'UPDATE ' ) || ! str_contains( $query, 'iacp_jobs SET ' ) ) {
					return $query;
				}
				[ $set, $where ] = array_pad( explode( ' WHERE ', $query, 2 ), 2, '' );
				$kind            = null;
				if ( str_contains( $set, "status = 'processing'" ) ) {
					$kind = 'claim';
				} elseif ( str_contains( $set, 'partial_output = ' ) ) {
					$kind = 'partial';
				}
				if ( null !== $kind && preg_match( '/^id (?:= (\d+)|IN \(([\d, ]+)\))/', $where, $ids ) ) {
					$lines = '';
					foreach ( array_filter( explode( ',', $ids[1] . ',' . ( $ids[2] ?? '' ) ), 'is_numeric' ) as $id ) {
						$lines .= wp_json_encode(
							array(
								'kind' => $kind,
								'id'   => (int) $id,
								'ms'   => microtime( true ) * 1000,
							)
						) . "\n";
					}
					file_put_contents( WP_CONTENT_DIR . '/iacp-bench-trace.log', $lines, FILE_APPEND ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents
				}
				return $query;
			}
		);
	}
);
