<?php
/**
 * (c) The ceiling: the claim and complete statements of IACP\Queue\JobClaimer and IACP\Jobs\JobRepository (START
 * TRANSACTION, SELECT … FOR UPDATE SKIP LOCKED LIMIT 1, the guarded UPDATE to processing, COMMIT, then the guarded
 * UPDATE to completed; both UPDATEs append their log line in the database) in a bare loop with mysqli, no
 * WordPress, one process, over --n pending rows inserted into the same jobs table.
 *
 * With --batch=N it claims up to N jobs per transaction as JobClaimer::claim_batch() does (one SELECT, one UPDATE),
 * then completes each with its own UPDATE: the ceiling of the adaptive batches a worker uses for short jobs.
 *
 *     php bin/bench/ceiling.php --socket=S --user=U --password=P --db=D [--table=wp_iacp_jobs] [--n=2000] [--batch=1]
 *
 * @package IACP
 */

declare( strict_types=1 );

// phpcs:disable WordPress.DB, WordPress.WP.AlternativeFunctions -- bare mysqli without WordPress is the point here.

require __DIR__ . '/lib.php';

$iacp_flags = iacp_bench_flags();
$iacp_table = preg_replace( '/[^A-Za-z0-9_]/', '', (string) ( $iacp_flags['table'] ?? 'wp_iacp_jobs' ) );
$iacp_n     = max( 1, (int) ( $iacp_flags['n'] ?? 2000 ) );
$iacp_batch = max( 1, min( 100, (int) ( $iacp_flags['batch'] ?? 1 ) ) );

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
		$iacp_log      = "\n" . json_encode(
			array(
				'time'    => $iacp_now,
				'attempt' => 0,
				'message' => 'Queued.',
				'data'    => array( 'user_id' => 0 ),
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
$iacp_line  = static fn( string $message, int $attempt, array $data ): string => "\n" . json_encode(
	array(
		'time'    => time(),
		'attempt' => $attempt,
		'message' => $message,
		'data'    => $data,
	)
);
while ( true ) {
	$iacp_now = time();
	$iacp_db->query( 'START TRANSACTION' );
	$iacp_rows = $iacp_db->query( "SELECT * FROM {$iacp_table} WHERE status = 'pending' AND type = 'bench_noop' AND available_at <= {$iacp_now} AND expires_at >= {$iacp_now} ORDER BY priority ASC, available_at ASC, id ASC LIMIT {$iacp_batch} FOR UPDATE SKIP LOCKED" )->fetch_all( MYSQLI_ASSOC );
	if ( array() === $iacp_rows ) {
		$iacp_db->query( 'COMMIT' );
		break;
	}
	$iacp_token = bin2hex( random_bytes( 16 ) );
	$iacp_entry = array(
		'runner' => 'bench',
		'pid'    => getmypid(),
	);
	if ( 1 === $iacp_batch ) {
		// One job per claim: JobClaimer::claim_row(), guarded by the revision it read.
		$iacp_row = $iacp_rows[0];
		$iacp_db->query(
			sprintf(
				"UPDATE {$iacp_table} SET status = 'processing', lease_token = %s, lease_expires_at = %d, heartbeat_at = %d, attempts = %d, started_at = %d, updated_at = %d, log = CONCAT(COALESCE(log, ''), %s), revision = revision + 1 WHERE id = %d AND status = 'pending' AND revision = %d AND available_at <= %d",
				$iacp_q( $iacp_token ),
				$iacp_now + 10,
				$iacp_now,
				(int) $iacp_row['attempts'] + 1,
				$iacp_now,
				$iacp_now,
				$iacp_q( $iacp_line( 'Attempt started.', (int) $iacp_row['attempts'] + 1, $iacp_entry ) ),
				(int) $iacp_row['id'],
				(int) $iacp_row['revision'],
				$iacp_now
			)
		);
	} else {
		// A batch: JobClaimer::claim_rows(), one UPDATE whose log line takes its attempt number from the row.
		[ $iacp_before, $iacp_after ] = explode( '"attempt":0,', $iacp_line( 'Attempt started.', 0, $iacp_entry ), 2 );
		$iacp_db->query(
			sprintf(
				"UPDATE {$iacp_table} SET log = CONCAT(COALESCE(log, ''), %s, attempts + 1, %s), status = 'processing', lease_token = %s, lease_expires_at = %d, heartbeat_at = %d, attempts = attempts + 1, started_at = COALESCE(started_at, %d), updated_at = %d, revision = revision + 1 WHERE id IN (%s) AND status = 'pending'",
				$iacp_q( $iacp_before . '"attempt":' ),
				$iacp_q( ',' . $iacp_after ),
				$iacp_q( $iacp_token ),
				$iacp_now + 10,
				$iacp_now,
				$iacp_now,
				$iacp_now,
				implode( ', ', array_map( static fn( array $row ): int => (int) $row['id'], $iacp_rows ) )
			)
		);
	}
	$iacp_claimed = count( $iacp_rows ) === $iacp_db->affected_rows;
	$iacp_db->query( 'COMMIT' );
	if ( ! $iacp_claimed ) {
		continue;
	}
	foreach ( $iacp_rows as $iacp_row ) {
		$iacp_db->query(
			sprintf(
				"UPDATE {$iacp_table} SET status = 'completed', lease_token = NULL, lease_expires_at = NULL, result = %s, progress = 100, finished_at = %d, error_code = NULL, error_message = NULL, log = CONCAT(COALESCE(log, ''), %s), updated_at = %d, revision = revision + 1 WHERE id = %d AND status IN ('processing') AND lease_token = %s",
				$iacp_q( (string) json_encode( array( 'started_ms' => microtime( true ) * 1000 ) ) ),
				time(),
				$iacp_q( $iacp_line( 'Completed.', (int) $iacp_row['attempts'] + 1, array( 'ms' => 0 ) ) ),
				time(),
				(int) $iacp_row['id'],
				$iacp_q( $iacp_token )
			)
		);
		$iacp_done += $iacp_db->affected_rows;
	}
}
$iacp_seconds = microtime( true ) - $iacp_start;
$iacp_left    = (int) $iacp_db->query( "SELECT COUNT(*) FROM {$iacp_table} WHERE status <> 'completed'" )->fetch_row()[0];

iacp_bench_answer(
	array(
		'n'          => $iacp_n,
		'batch'      => $iacp_batch,
		'completed'  => $iacp_done,
		'left'       => $iacp_left,
		'seconds'    => $iacp_seconds,
		'per_second' => $iacp_done / $iacp_seconds,
	)
);
