<?php
/**
 * (f) Claim time with many other rows: fills the jobs table to --others completed rows (type bench_filler, by
 * INSERT … SELECT doubling; kept between runs, so run it with growing --others), adds --delayed pending bench_noop
 * jobs that may run only tomorrow and --foreign ready pending jobs of a type the claimer does not run, enqueues
 * --pending bench_noop jobs, then times --claims rounds of Queue\JobClaimer::claim_next() + the executor's
 * completing transition() (one guarded UPDATE).
 *
 *     php bin/bench/claim.php --path=WP --others=800000 [--delayed=100000] [--foreign=100000] [--pending=300] [--claims=200]
 *
 * @package IACP
 */

declare( strict_types=1 );

use IACP\Jobs\JobLog;
use IACP\Jobs\JobStatus;

require __DIR__ . '/lib.php';
iacp_bench_load_wordpress();

global $wpdb;
$iacp_flags   = iacp_bench_flags();
$iacp_others  = max( 0, (int) ( $iacp_flags['others'] ?? 0 ) );
$iacp_pending = max( 1, (int) ( $iacp_flags['pending'] ?? 300 ) );
$iacp_claims  = max( 1, min( $iacp_pending - 10, (int) ( $iacp_flags['claims'] ?? 200 ) ) );
$iacp_delayed = max( 0, (int) ( $iacp_flags['delayed'] ?? 0 ) );
$iacp_foreign = max( 0, (int) ( $iacp_flags['foreign'] ?? 0 ) );
$iacp_repo    = iacp()->job_repository();
$iacp_table   = $iacp_repo->table();
$iacp_count   = static fn(): int => (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$iacp_table} WHERE type = 'bench_filler'" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared

// The previous run's jobs go; the filler stays.
$wpdb->query( "DELETE FROM {$iacp_table} WHERE type <> 'bench_filler'" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
$iacp_fill_start = microtime( true );
$iacp_have       = $iacp_count();
if ( $iacp_have > $iacp_others ) {
	$wpdb->query( $wpdb->prepare( "DELETE FROM {$iacp_table} WHERE type = 'bench_filler' LIMIT %d", $iacp_have - $iacp_others ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	$iacp_have = $iacp_others;
}
if ( 0 === $iacp_have && $iacp_others > 0 ) {
	$iacp_now = time();
	$iacp_log = JobLog::line( 'Queued.', 0, array( 'user_id' => 1 ) ) . JobLog::line(
		'Attempt started.',
		1,
		array(
			'runner' => 'worker',
			'pid'    => 1234,
		)
	) . JobLog::line( 'Completed.', 1, array( 'ms' => 1 ) );
	$wpdb->insert(
		$iacp_table,
		array(
			'public_id'    => wp_generate_uuid4(),
			'user_id'      => 1,
			'type'         => 'bench_filler',
			'status'       => JobStatus::COMPLETED,
			'priority'     => 10,
			'attempts'     => 1,
			'max_attempts' => 1,
			'available_at' => $iacp_now,
			'progress'     => 100,
			'input'        => '{"i":0}',
			'result'       => '{"started_ms":0}',
			'revision'     => 2,
			'created_at'   => $iacp_now,
			'started_at'   => $iacp_now,
			'finished_at'  => $iacp_now,
			'expires_at'   => $iacp_now + DAY_IN_SECONDS,
			'updated_at'   => $iacp_now,
			'log'          => $iacp_log,
		)
	);
	$iacp_have = 1;
}
$iacp_columns = 'user_id, type, status, priority, attempts, max_attempts, available_at, progress, input, result, revision, created_at, started_at, finished_at, expires_at, updated_at, log';
while ( $iacp_have < $iacp_others ) {
	$iacp_add = min( $iacp_have, $iacp_others - $iacp_have );
	$wpdb->query( $wpdb->prepare( "INSERT INTO {$iacp_table} (public_id, {$iacp_columns}) SELECT UUID(), {$iacp_columns} FROM {$iacp_table} WHERE type = 'bench_filler' LIMIT %d", $iacp_add ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	$iacp_have = $iacp_count();
}
// Pending rows the claim must not take: delayed bench_noop jobs (due tomorrow) and ready jobs of another type.
$iacp_later = time() + DAY_IN_SECONDS;
$iacp_copy  = static function ( int $rows, string $type, int $available_at ) use ( $wpdb, $iacp_table, $iacp_later ): void {
	if ( $rows > 0 ) {
		$wpdb->query( $wpdb->prepare( "INSERT INTO {$iacp_table} (public_id, user_id, type, status, priority, attempts, max_attempts, available_at, progress, input, revision, created_at, expires_at, updated_at, log) SELECT UUID(), user_id, %s, 'pending', priority, 0, 1, %d, 0, input, 0, created_at, %d, updated_at, log FROM {$iacp_table} WHERE type = 'bench_filler' LIMIT %d", $type, $available_at, $iacp_later + DAY_IN_SECONDS, $rows ) ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
	}
};
$iacp_copy( $iacp_delayed, 'bench_noop', $iacp_later );
$iacp_copy( $iacp_foreign, 'bench_other', time() - 60 );
// Fresh index statistics, as InnoDB's automatic recalculation would soon give a table that grew this much.
$wpdb->query( "ANALYZE TABLE {$iacp_table}" ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
$iacp_fill_seconds = microtime( true ) - $iacp_fill_start;

for ( $iacp_i = 0; $iacp_i < $iacp_pending; $iacp_i++ ) {
	iacp_enqueue_job( 'bench_noop', array( 'i' => $iacp_i ) );
}
$iacp_ready   = "status = 'pending' AND type = 'bench_noop' AND available_at <= " . time() . ' AND expires_at >= ' . time();
$iacp_explain = $wpdb->get_row( "EXPLAIN SELECT * FROM {$iacp_table} WHERE {$iacp_ready} ORDER BY priority ASC, available_at ASC, id ASC LIMIT 1 FOR UPDATE SKIP LOCKED", ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared

$iacp_types  = array( 'bench_noop' );
$iacp_leases = array( 'bench_noop' => 60 );
$iacp_claim  = array();
$iacp_done   = array();
$iacp_total  = array();
$iacp_failed = 0;
for ( $iacp_i = -5; $iacp_i < $iacp_claims; $iacp_i++ ) {
	$iacp_t0  = microtime( true );
	$iacp_job = iacp()->job_claimer()->claim_next( $iacp_types, $iacp_leases, 'bench' );
	$iacp_t1  = microtime( true );
	$iacp_ok  = null !== $iacp_job && $iacp_repo->transition(
		$iacp_job->id,
		array( JobStatus::PROCESSING ),
		JobStatus::COMPLETED,
		array(
			'lease_token'      => null,
			'lease_expires_at' => null,
			'result'           => (object) array( 'started_ms' => $iacp_t1 * 1000 ),
			'progress'         => 100,
			'finished_at'      => time(),
			'error_code'       => null,
			'error_message'    => null,
			'log'              => JobLog::line( 'Completed.', $iacp_job->attempts, array( 'ms' => 0 ) ),
		),
		array( 'lease_token' => (string) $iacp_job->lease_token )
	);
	$iacp_t2  = microtime( true );
	if ( $iacp_i < 0 ) {
		continue; // Warm-up.
	}
	if ( ! $iacp_ok ) {
		++$iacp_failed;
		continue;
	}
	$iacp_claim[] = ( $iacp_t1 - $iacp_t0 ) * 1000;
	$iacp_done[]  = ( $iacp_t2 - $iacp_t1 ) * 1000;
	$iacp_total[] = ( $iacp_t2 - $iacp_t0 ) * 1000;
}

iacp_bench_answer(
	array(
		'others'       => $iacp_have,
		'delayed'      => $iacp_delayed,
		'foreign'      => $iacp_foreign,
		'rows'         => (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$iacp_table}" ), // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared
		'fill_seconds' => $iacp_fill_seconds,
		'failed'       => $iacp_failed,
		'claim_ms'     => iacp_bench_stats( $iacp_claim ),
		'complete_ms'  => iacp_bench_stats( $iacp_done ),
		'total_ms'     => iacp_bench_stats( $iacp_total ),
		'explain'      => array(
			'key'  => $iacp_explain['key'] ?? null,
			'rows' => isset( $iacp_explain['rows'] ) ? (int) $iacp_explain['rows'] : null,
		),
	)
);
