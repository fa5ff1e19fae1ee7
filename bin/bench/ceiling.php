<?php
/**
 * (c) The ceiling: the claim and complete statements of IACP\Queue\JobClaimer and IACP\Jobs\JobRepository (SELECT … FOR UPDATE SKIP LOCKED
 * LIMIT 1, the guarded UPDATE to processing, COMMIT, then the guarded UPDATE to completed) in a bare loop with
 * mysqli, no WordPress, one process, over --n pending rows inserted into the same jobs table.
 *
 *     php bin/bench/ceiling.php --socket=S --user=U --password=P --db=D [--table=wp_iacp_jobs] [--n=2000]
 *
 * @package IACP
 */

declare( strict_types=1 );

// phpcs:disable WordPress.DB, WordPress.WP.AlternativeFunctions -- bare mysqli without WordPress is the point here.

require __DIR__ . '/lib.php';

$iacp_flags = iacp_bench_flags();
$iacp_table = preg_replace( '/[^A-Za-z0-9_]/', '', (string) ( $iacp_flags['table'] ?? 'wp_iacp_jobs' ) );
$iacp_n     = max( 1, (int) ( $iacp_flags['n'] ?? 2000 ) );

mysqli_report( MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT );
$iacp_db = new mysqli( 'localhost', (string) $iacp_flags['user'], (string) $iacp_flags['password'], (string) $iacp_flags['db'], 0, (string) $iacp_flags['socket'] );
$iacp_db->set_charset( 'utf8mb4' );
$iacp_q = static fn( string $value ): string => "'" . $iacp_db->real_escape_string( $value ) . "'";

// The rows, as JobQueue::enqueue() would store them (not timed).
$iacp_now = time();
$iacp_db->query( "DELETE FROM {$iacp_table}" );
for ( $iacp_i = 0; $iacp_i < $iacp_n; $iacp_i += 500 ) {
	$iacp_values = array();
	for ( $iacp_j = $iacp_i; $iacp_j < min( $iacp_n, $iacp_i + 500 ); $iacp_j++ ) {
		$iacp_log      = json_encode(
			array(
				array(
					'time'    => $iacp_now,
					'attempt' => 0,
					'message' => 'Queued.',
					'data'    => array( 'user_id' => 0 ),
				),
			)
		);
		$iacp_values[] = sprintf(
			"(UUID(), 0, 'bench_noop', 'pending', 10, 0, 1, %d, %s, %d, %d, %d, %s, 0)",
			$iacp_now,
			$iacp_q( json_encode( array( 'i' => $iacp_j ) ) ),
			$iacp_now,
			$iacp_now + 86400,
			$iacp_now,
			$iacp_q( (string) $iacp_log )
		);
	}
	$iacp_db->query( "INSERT INTO {$iacp_table} (public_id, user_id, type, status, priority, attempts, max_attempts, available_at, input, created_at, expires_at, updated_at, log, revision) VALUES " . implode( ', ', $iacp_values ) );
}

$iacp_done  = 0;
$iacp_start = microtime( true );
while ( true ) {
	$iacp_now = time();
	$iacp_db->query( 'START TRANSACTION' );
	$iacp_row = $iacp_db->query( "SELECT * FROM {$iacp_table} WHERE status = 'pending' AND available_at <= {$iacp_now} AND expires_at >= {$iacp_now} AND type IN ('bench_noop') ORDER BY priority ASC, id ASC LIMIT 1 FOR UPDATE SKIP LOCKED" )->fetch_assoc();
	if ( null === $iacp_row ) {
		$iacp_db->query( 'COMMIT' );
		break;
	}
	$iacp_id      = (int) $iacp_row['id'];
	$iacp_token   = bin2hex( random_bytes( 16 ) );
	$iacp_attempt = (int) $iacp_row['attempts'] + 1;
	$iacp_log     = (array) json_decode( (string) $iacp_row['log'], true );
	$iacp_log[]   = array(
		'time'    => $iacp_now,
		'attempt' => $iacp_attempt,
		'message' => 'Attempt started.',
		'data'    => array(
			'runner' => 'bench',
			'pid'    => getmypid(),
		),
	);
	$iacp_db->query(
		sprintf(
			"UPDATE {$iacp_table} SET status = 'processing', lease_token = %s, lease_expires_at = %d, heartbeat_at = %d, attempts = %d, started_at = %d, updated_at = %d, log = %s, revision = revision + 1 WHERE id = %d AND status = 'pending' AND revision = %d AND available_at <= %d",
			$iacp_q( $iacp_token ),
			$iacp_now + 60,
			$iacp_now,
			$iacp_attempt,
			$iacp_now,
			$iacp_now,
			$iacp_q( (string) json_encode( $iacp_log ) ),
			$iacp_id,
			(int) $iacp_row['revision'],
			$iacp_now
		)
	);
	$iacp_claimed = 1 === $iacp_db->affected_rows;
	$iacp_db->query( 'COMMIT' );
	if ( ! $iacp_claimed ) {
		continue;
	}
	$iacp_log[] = array(
		'time'    => time(),
		'attempt' => $iacp_attempt,
		'message' => 'Completed.',
		'data'    => array( 'ms' => 0 ),
	);
	$iacp_db->query(
		sprintf(
			"UPDATE {$iacp_table} SET lease_token = NULL, lease_expires_at = NULL, result = %s, progress = 100, finished_at = %d, error_code = NULL, error_message = NULL, log = %s, status = 'completed', updated_at = %d, revision = revision + 1 WHERE id = %d AND revision = %d AND status IN ('processing') AND lease_token = %s",
			$iacp_q( (string) json_encode( array( 'started_ms' => microtime( true ) * 1000 ) ) ),
			time(),
			$iacp_q( (string) json_encode( $iacp_log ) ),
			time(),
			$iacp_id,
			(int) $iacp_row['revision'] + 1,
			$iacp_q( $iacp_token )
		)
	);
	$iacp_done += $iacp_db->affected_rows;
}
$iacp_seconds = microtime( true ) - $iacp_start;
$iacp_left    = (int) $iacp_db->query( "SELECT COUNT(*) FROM {$iacp_table} WHERE status <> 'completed'" )->fetch_row()[0];

iacp_bench_answer(
	array(
		'n'          => $iacp_n,
		'completed'  => $iacp_done,
		'left'       => $iacp_left,
		'seconds'    => $iacp_seconds,
		'per_second' => $iacp_done / $iacp_seconds,
	)
);
