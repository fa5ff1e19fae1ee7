<?php
/**
 * Every SQL statement on the jobs table. Status changes are compare-and-set updates: they name the statuses the job
 * may be in, the worker's lease token where a worker writes, and the row revision they read; callers check the
 * returned bool, and a false means "someone else changed it first".
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

final class JobRepository {

	/** Columns a write may set, with their placeholder type. */
	private const COLUMNS = array(
		'public_id'         => '%s',
		'user_id'           => '%d',
		'post_id'           => '%d',
		'type'              => '%s',
		'status'            => '%s',
		'priority'          => '%d',
		'attempts'          => '%d',
		'max_attempts'      => '%d',
		'available_at'      => '%d',
		'lease_token'       => '%s',
		'lease_expires_at'  => '%d',
		'heartbeat_at'      => '%d',
		'cancel_requested'  => '%d',
		'progress'          => '%d',
		'stage'             => '%s',
		'partial_output'    => '%s',
		'input'             => '%s',
		'result'            => '%s',
		'error_code'        => '%s',
		'error_message'     => '%s',
		'idempotency_key'   => '%s',
		'prompt_tokens'     => '%d',
		'completion_tokens' => '%d',
		'created_at'        => '%d',
		'started_at'        => '%d',
		'finished_at'       => '%d',
		'expires_at'        => '%d',
		'updated_at'        => '%d',
		'log'               => '%s',
	);

	/** Sort orders query() accepts (allowlist: never interpolate a caller's string). */
	private const ORDERS = array(
		'desc' => 'id DESC',
		'asc'  => 'id ASC',
	);

	/** Optimistic-concurrency retries for read-modify-write updates (log, checkpoint). */
	private const CAS_RETRIES = 8;

	private ?bool $skip_locked = null;

	public function table(): string {
		return JobsSchema::table();
	}

	/**
	 * Inserts a new job row. Returns its id, or 0 when the insert failed (for instance a duplicate idempotency key).
	 *
	 * @param array<string, mixed> $row Column => value; arrays are stored as JSON.
	 */
	public function insert( array $row ): int {
		global $wpdb;
		$row['revision']                = 0;
		[ $columns, $formats, $values ] = $this->columns( $row, true );
		$suppress                       = $wpdb->suppress_errors( true );
		$sql                            = 'INSERT INTO ' . $this->table() . ' (' . implode( ', ', $columns ) . ') VALUES (' . implode( ', ', $formats ) . ')';
		$ok                             = $wpdb->query( $wpdb->prepare( $sql, $values ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- columns allowlisted, values placeholders.
		$wpdb->suppress_errors( $suppress );
		return 1 === $ok ? (int) $wpdb->insert_id : 0;
	}

	public function find( int $id ): ?Job {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM ' . $this->table() . ' WHERE id = %d', $id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		return is_array( $row ) ? $this->hydrate( $row ) : null;
	}

	public function find_by_public_id( string $public_id ): ?Job {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM ' . $this->table() . ' WHERE public_id = %s', $public_id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		return is_array( $row ) ? $this->hydrate( $row ) : null;
	}

	public function find_by_idempotency_key( int $user_id, string $key ): ?Job {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM ' . $this->table() . ' WHERE user_id = %d AND idempotency_key = %s', $user_id, $key ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		return is_array( $row ) ? $this->hydrate( $row ) : null;
	}

	/**
	 * One page of jobs, newest first.
	 *
	 * @param array<string, mixed> $filters status (string|list), type, post_id, user_id, search, after, before (created_at, inclusive).
	 * @param string               $order   'desc' (newest first) or 'asc'.
	 * @return array{ jobs: list<Job>, total: int }
	 */
	public function query( array $filters, int $page, int $per_page, string $order = 'desc' ): array {
		global $wpdb;
		[ $where, $args ] = $this->where( $filters );
		$per_page         = max( 1, min( 500, $per_page ) );
		$offset           = ( max( 1, $page ) - 1 ) * $per_page;
		$order_by         = self::ORDERS[ $order ] ?? self::ORDERS['desc'];

		$count = 'SELECT COUNT(*) FROM ' . $this->table() . " WHERE {$where}";
		$total = (int) $wpdb->get_var( array() === $args ? $count : $wpdb->prepare( $count, $args ) ); // phpcs:ignore WordPress.DB.PreparedSQL,WordPress.DB.PreparedSQLPlaceholders -- no input when no args.
		$rows  = $wpdb->get_results(
			$wpdb->prepare( 'SELECT * FROM ' . $this->table() . " WHERE {$where} ORDER BY {$order_by} LIMIT %d OFFSET %d", array_merge( $args, array( $per_page, $offset ) ) ), // phpcs:ignore WordPress.DB.PreparedSQL,WordPress.DB.PreparedSQLPlaceholders -- clauses built here from placeholders.
			ARRAY_A
		);
		return array(
			'jobs'  => array_map( array( $this, 'hydrate' ), is_array( $rows ) ? $rows : array() ),
			'total' => $total,
		);
	}

	/**
	 * Jobs per status; every status is a key (0 when none).
	 *
	 * @return array<string, int>
	 */
	public function count_by_status( ?int $user_id = null ): array {
		global $wpdb;
		$sql    = 'SELECT status, COUNT(*) AS n FROM ' . $this->table();
		$rows   = null === $user_id
			? $wpdb->get_results( $sql . ' GROUP BY status', ARRAY_A ) // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
			: $wpdb->get_results( $wpdb->prepare( $sql . ' WHERE user_id = %d GROUP BY status', $user_id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$counts = array_fill_keys( JobStatus::ALL, 0 );
		foreach ( is_array( $rows ) ? $rows : array() as $row ) {
			if ( isset( $counts[ $row['status'] ] ) ) {
				$counts[ $row['status'] ] = (int) $row['n'];
			}
		}
		return $counts;
	}

	public function delete( int $id ): bool {
		global $wpdb;
		return 1 === $wpdb->query( $wpdb->prepare( 'DELETE FROM ' . $this->table() . ' WHERE id = %d', $id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	}

	/**
	 * Deletes a job only if it is finished (guarded: a job that started meanwhile stays).
	 */
	public function delete_finished( int $id ): bool {
		global $wpdb;
		[ $in, $statuses ] = $this->in( JobStatus::FINISHED );
		return 1 === $wpdb->query( $wpdb->prepare( 'DELETE FROM ' . $this->table() . " WHERE id = %d AND status IN ({$in})", array_merge( array( $id ), $statuses ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL,WordPress.DB.PreparedSQLPlaceholders -- clauses built here from placeholders.
	}

	/**
	 * Moves a job to another status, compare-and-set. $changes may be a callable that gets the current row (with
	 * decoded log) and returns the columns to set; it is re-run when a concurrent write got in first.
	 *
	 * @param list<string>                                                $from    Statuses the job may be in now.
	 * @param array<string, mixed>|callable(array<string, mixed>): array<string, mixed> $changes Columns to set.
	 * @param array{lease_token?: string, lease_expired_before?: int}     $guard   Extra conditions.
	 */
	public function transition( int $id, array $from, string $to, array|callable $changes, array $guard = array() ): bool {
		$from = array_values(
			array_filter( $from, static fn( string $status ): bool => JobStatus::can_transition( $status, $to ) )
		);
		if ( array() === $from ) {
			return false;
		}
		return $this->modify(
			$id,
			$from,
			$guard,
			static function ( array $row ) use ( $changes, $to ): array {
				$set           = is_callable( $changes ) ? $changes( $row ) : $changes;
				$set['status'] = $to;
				return $set;
			}
		);
	}

	/**
	 * A worker's write while it holds the lease: sets columns and extends the lease. False when the lease is gone.
	 *
	 * @param array<string, mixed> $changes Columns to set.
	 */
	public function worker_update( int $id, string $lease_token, array $changes, int $lease_seconds ): bool {
		global $wpdb;
		$now                         = time();
		$changes['heartbeat_at']     = $now;
		$changes['lease_expires_at'] = $now + $lease_seconds;
		$changes['updated_at']       = $now;
		[ $set, $values ]            = $this->assignments( $changes );
		$sql                         = 'UPDATE ' . $this->table() . " SET {$set}, revision = revision + 1 WHERE id = %d AND status = %s AND lease_token = %s";
		return 1 === $wpdb->query( $wpdb->prepare( $sql, array_merge( $values, array( $id, JobStatus::PROCESSING, $lease_token ) ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	}

	/**
	 * A worker's read-modify-write (log line, checkpoint) under its lease.
	 *
	 * @param callable(array<string, mixed>): array<string, mixed> $changes Gets the row, returns columns to set.
	 */
	public function worker_modify( int $id, string $lease_token, callable $changes ): bool {
		return $this->modify( $id, array( JobStatus::PROCESSING ), array( 'lease_token' => $lease_token ), $changes );
	}

	/**
	 * A non-worker read-modify-write on a running job (a user's cancel request): no lease needed, no status change.
	 *
	 * @param callable(array<string, mixed>): array<string, mixed> $changes Gets the row, returns columns to set.
	 */
	public function modify_running( int $id, callable $changes ): bool {
		return $this->modify( $id, array( JobStatus::PROCESSING ), array(), $changes );
	}

	public function add_tokens( int $id, string $lease_token, int $prompt_tokens, int $completion_tokens ): bool {
		global $wpdb;
		return 1 === $wpdb->query(
			$wpdb->prepare(
				'UPDATE ' . $this->table() . ' SET prompt_tokens = prompt_tokens + %d, completion_tokens = completion_tokens + %d, updated_at = %d, revision = revision + 1 WHERE id = %d AND status = %s AND lease_token = %s', // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
				max( 0, $prompt_tokens ),
				max( 0, $completion_tokens ),
				time(),
				$id,
				JobStatus::PROCESSING,
				$lease_token
			)
		);
	}

	/**
	 * Whether a processing job still belongs to this lease, and whether a cancel was asked for.
	 *
	 * @return array{ held: bool, cancel_requested: bool }
	 */
	public function lease_state( int $id, string $lease_token ): array {
		global $wpdb;
		$row  = $wpdb->get_row( $wpdb->prepare( 'SELECT status, lease_token, cancel_requested FROM ' . $this->table() . ' WHERE id = %d', $id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$held = is_array( $row ) && JobStatus::PROCESSING === $row['status'] && hash_equals( (string) $row['lease_token'], $lease_token );
		return array(
			'held'             => $held,
			'cancel_requested' => is_array( $row ) && 1 === (int) $row['cancel_requested'],
		);
	}

	/**
	 * Claims the next ready job (priority, then age) for one worker, or null when none is ready.
	 *
	 * @param list<string>       $types         Job types this worker may run.
	 * @param array<string, int> $lease_seconds Lease length per type.
	 * @param string             $runner        Where the worker runs (cron, kick, cli…), for the job's log.
	 */
	public function claim_next( array $types, array $lease_seconds, string $runner ): ?Job {
		if ( array() === $types ) {
			return null;
		}
		return $this->supports_skip_locked()
			? $this->claim_with_skip_locked( $types, $lease_seconds, $runner )
			: $this->claim_with_compare_and_set( $types, $lease_seconds, $runner );
	}

	/**
	 * MariaDB ≥ 10.6 and MySQL ≥ 8.0.1 can skip rows other workers hold: no two workers wait on the same job.
	 */
	public function supports_skip_locked(): bool {
		global $wpdb;
		if ( null === $this->skip_locked ) {
			$this->skip_locked = false;
			if ( ! ( defined( 'DB_ENGINE' ) && 'sqlite' === DB_ENGINE ) && method_exists( $wpdb, 'db_server_info' ) ) {
				$info = (string) $wpdb->db_server_info();
				if ( preg_match( '/(\d+\.\d+\.\d+)/', (string) preg_replace( '/^5\.5\.5-/', '', $info ), $m ) ) {
					$this->skip_locked = str_contains( $info, 'MariaDB' )
						? version_compare( $m[1], '10.6.0', '>=' )
						: version_compare( $m[1], '8.0.1', '>=' );
				}
			}
		}
		return (bool) apply_filters( 'iacp_claim_skip_locked', $this->skip_locked );
	}

	/**
	 * @param list<string>       $types         Job types.
	 * @param array<string, int> $lease_seconds Lease length per type.
	 */
	private function claim_with_skip_locked( array $types, array $lease_seconds, string $runner ): ?Job {
		global $wpdb;
		[ $ready, $args ] = $this->ready_where( $types );
		// Two claimers can still deadlock on the secondary indexes; InnoDB then rolls one back. That is a lost
		// race, not an error: try again instead of logging it.
		$suppressed = $wpdb->suppress_errors( true );
		try {
			for ( $round = 0; $round < 3; $round++ ) {
				$wpdb->query( 'START TRANSACTION' );
				$row = $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM ' . $this->table() . " WHERE {$ready} ORDER BY priority ASC, id ASC LIMIT 1 FOR UPDATE SKIP LOCKED", $args ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL,WordPress.DB.PreparedSQLPlaceholders -- clauses built here from placeholders.
				if ( ! is_array( $row ) ) {
					$error = $wpdb->last_error;
					$wpdb->query( 'COMMIT' );
					if ( $this->is_lock_conflict( $error ) ) {
						continue;
					}
					$this->report_error( $error, $suppressed );
					return null;
				}
				$claimed = $this->claim_row( $row, $lease_seconds, $runner );
				if ( null !== $claimed ) {
					$wpdb->query( 'COMMIT' );
					return $this->hydrate( $claimed );
				}
				$error = $wpdb->last_error;
				$wpdb->query( 'ROLLBACK' );
				if ( ! $this->is_lock_conflict( $error ) ) {
					$this->report_error( $error, $suppressed );
					return null;
				}
				usleep( wp_rand( 1000, 10000 ) );
			}
			return null;
		} finally {
			$wpdb->suppress_errors( $suppressed );
		}
	}

	private function is_lock_conflict( string $error ): bool {
		return str_contains( $error, 'Deadlock found' ) || str_contains( $error, 'Lock wait timeout' );
	}

	/**
	 * Logs a real database error that the claim's error suppression would otherwise hide.
	 */
	private function report_error( string $error, bool $was_suppressed ): void {
		global $wpdb;
		if ( '' !== $error && ! $was_suppressed ) {
			$wpdb->suppress_errors( false );
			$wpdb->print_error( $error );
			$wpdb->suppress_errors( true );
		}
	}

	/**
	 * Portable claim (SQLite, older MySQL): read a few candidates, then take one with a guarded UPDATE.
	 *
	 * @param list<string>       $types         Job types.
	 * @param array<string, int> $lease_seconds Lease length per type.
	 */
	private function claim_with_compare_and_set( array $types, array $lease_seconds, string $runner ): ?Job {
		global $wpdb;
		[ $ready, $args ] = $this->ready_where( $types );
		for ( $round = 0; $round < 5; $round++ ) {
			$rows = $wpdb->get_results( $wpdb->prepare( 'SELECT * FROM ' . $this->table() . " WHERE {$ready} ORDER BY priority ASC, id ASC LIMIT 8", $args ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL,WordPress.DB.PreparedSQLPlaceholders -- clauses built here from placeholders.
			if ( ! is_array( $rows ) || array() === $rows ) {
				return null;
			}
			foreach ( $rows as $row ) {
				$claimed = $this->claim_row( $row, $lease_seconds, $runner );
				if ( null !== $claimed ) {
					return $this->hydrate( $claimed );
				}
			}
		}
		return null;
	}

	/**
	 * The guarded UPDATE that makes a pending row this worker's: only if nobody changed it since it was read.
	 *
	 * @param array<string, mixed> $row           The row as read.
	 * @param array<string, int>   $lease_seconds Lease length per type.
	 * @return array<string, mixed>|null The claimed row, or null when another worker was first.
	 */
	private function claim_row( array $row, array $lease_seconds, string $runner ): ?array {
		global $wpdb;
		$now              = time();
		$attempt          = (int) $row['attempts'] + 1;
		$changes          = array(
			'status'           => JobStatus::PROCESSING,
			'lease_token'      => bin2hex( random_bytes( 16 ) ),
			'lease_expires_at' => $now + ( $lease_seconds[ $row['type'] ] ?? 60 ),
			'heartbeat_at'     => $now,
			'attempts'         => $attempt,
			'started_at'       => null === $row['started_at'] ? $now : (int) $row['started_at'],
			'updated_at'       => $now,
			'log'              => JobLog::append(
				JobLog::decode( $row['log'] ),
				'Attempt started.',
				$attempt,
				array(
					'runner' => $runner,
					'pid'    => getmypid(),
				)
			),
		);
		[ $set, $values ] = $this->assignments( $changes );
		$sql              = 'UPDATE ' . $this->table() . " SET {$set}, revision = revision + 1 WHERE id = %d AND status = %s AND revision = %d AND available_at <= %d";
		if ( 1 !== $wpdb->query( $wpdb->prepare( $sql, array_merge( $values, array( (int) $row['id'], JobStatus::PENDING, (int) $row['revision'], $now ) ) ) ) ) { // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
			return null;
		}
		// The row as it now stands, without reading it back: one query fewer per job.
		$claimed             = array_merge( $row, $changes );
		$claimed['log']      = (string) wp_json_encode( $changes['log'] );
		$claimed['revision'] = (int) $row['revision'] + 1;
		return $claimed;
	}

	/**
	 * Pending jobs nobody started before their expiry → expired, in one bounded batch.
	 *
	 * The ids are read first and updated by primary key, in id order: a range UPDATE over the status index would
	 * lock index entries in the opposite order to the workers' own writes and deadlock with them.
	 */
	public function expire_pending( int $now, int $limit = 500 ): int {
		global $wpdb;
		$ids = $wpdb->get_col( $wpdb->prepare( 'SELECT id FROM ' . $this->table() . ' WHERE status = %s AND expires_at < %d ORDER BY id ASC LIMIT %d', JobStatus::PENDING, $now, $limit ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		if ( ! is_array( $ids ) || array() === $ids ) {
			return 0;
		}
		$ids     = array_map( 'intval', $ids );
		$in      = implode( ', ', array_fill( 0, count( $ids ), '%d' ) );
		$changed = $this->quietly(
			static fn() => $wpdb->query(
				$wpdb->prepare(
					'UPDATE ' . JobsSchema::table() . " SET status = %s, finished_at = %d, updated_at = %d, error_code = %s, error_message = %s, revision = revision + 1 WHERE id IN ({$in}) AND status = %s AND expires_at < %d", // phpcs:ignore WordPress.DB.PreparedSQL.InterpolatedNotPrepared,WordPress.DB.PreparedSQLPlaceholders -- placeholders built above.
					array_merge(
						array( JobStatus::EXPIRED, $now, $now, 'expired', __( 'No worker started the job before it expired.', 'iacp' ) ),
						$ids,
						array( JobStatus::PENDING, $now )
					)
				)
			)
		);
		return is_int( $changed ) ? $changed : 0;
	}

	/**
	 * Runs one write with lock conflicts kept out of the error log: a deadlock or lock wait that InnoDB resolved by
	 * rolling this statement back is a lost race the caller retries, not an error. Other errors are still logged.
	 *
	 * @param callable(): (int|bool) $write The write.
	 * @return int|bool What $wpdb->query answered (false on a lock conflict).
	 */
	private function quietly( callable $write ): int|bool {
		global $wpdb;
		$suppressed = $wpdb->suppress_errors( true );
		try {
			$result = $write();
			if ( false === $result && ! $this->is_lock_conflict( $wpdb->last_error ) ) {
				$this->report_error( $wpdb->last_error, $suppressed );
			}
			return $result;
		} finally {
			$wpdb->suppress_errors( $suppressed );
		}
	}

	/**
	 * Processing jobs whose lease ran out (their worker died or hung).
	 *
	 * @return list<Job>
	 */
	public function find_lease_expired( int $now, int $limit = 100 ): array {
		global $wpdb;
		$rows = $wpdb->get_results( $wpdb->prepare( 'SELECT * FROM ' . $this->table() . ' WHERE status = %s AND lease_expires_at < %d ORDER BY lease_expires_at ASC LIMIT %d', JobStatus::PROCESSING, $now, $limit ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		return array_map( array( $this, 'hydrate' ), is_array( $rows ) ? $rows : array() );
	}

	/**
	 * Deletes up to $limit finished jobs of one status that finished before a time. Returns how many went.
	 */
	public function purge_finished_before( string $status, int $before, int $limit ): int {
		global $wpdb;
		if ( ! JobStatus::is_finished( $status ) ) {
			return 0;
		}
		$deleted = $wpdb->query( $wpdb->prepare( 'DELETE FROM ' . $this->table() . ' WHERE status = %s AND finished_at < %d LIMIT %d', $status, $before, $limit ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		return is_int( $deleted ) ? $deleted : 0;
	}

	/**
	 * Created time of the oldest job that is ready to run and waiting, or null.
	 */
	public function oldest_ready_pending_created_at( int $now ): ?int {
		global $wpdb;
		$value = $wpdb->get_var( $wpdb->prepare( 'SELECT MIN(created_at) FROM ' . $this->table() . ' WHERE status = %s AND available_at <= %d', JobStatus::PENDING, $now ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		return null === $value ? null : (int) $value;
	}

	/**
	 * Jobs that finished since a time, per finished status.
	 *
	 * @return array<string, int>
	 */
	public function finished_since( int $since ): array {
		global $wpdb;
		$counts = array_fill_keys( JobStatus::FINISHED, 0 );
		foreach ( JobStatus::FINISHED as $status ) {
			$counts[ $status ] = (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM ' . $this->table() . ' WHERE status = %s AND finished_at >= %d', $status, $since ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		}
		return $counts;
	}

	/**
	 * Completed and failed jobs per hour since a time: hour start (Unix seconds) => [ completed, failed ].
	 *
	 * @return array<int, array{completed: int, failed: int}>
	 */
	public function finished_per_hour( int $since ): array {
		global $wpdb;
		$rows  = $wpdb->get_results( $wpdb->prepare( 'SELECT FLOOR(finished_at / 3600) * 3600 AS hour, status, COUNT(*) AS n FROM ' . $this->table() . ' WHERE status IN (%s, %s) AND finished_at >= %d GROUP BY hour, status', JobStatus::COMPLETED, JobStatus::FAILED, $since ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$hours = array();
		foreach ( (array) $rows as $row ) {
			$hour           = (int) $row['hour'];
			$hours[ $hour ] = ( $hours[ $hour ] ?? array(
				'completed' => 0,
				'failed'    => 0,
			) );
			$hours[ $hour ][ JobStatus::COMPLETED === $row['status'] ? 'completed' : 'failed' ] = (int) $row['n'];
		}
		return $hours;
	}

	/**
	 * AI tokens of jobs that finished since a time, plus those of running jobs.
	 */
	public function tokens_since( int $since ): int {
		global $wpdb;
		$total = 0;
		foreach ( JobStatus::FINISHED as $status ) {
			$total += (int) $wpdb->get_var( $wpdb->prepare( 'SELECT SUM(prompt_tokens + completion_tokens) FROM ' . $this->table() . ' WHERE status = %s AND finished_at >= %d', $status, $since ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		}
		$total += (int) $wpdb->get_var( $wpdb->prepare( 'SELECT SUM(prompt_tokens + completion_tokens) FROM ' . $this->table() . ' WHERE status = %s', JobStatus::PROCESSING ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		return $total;
	}

	/**
	 * Compare-and-set on the row revision, retried when another write got in between the read and the update.
	 *
	 * @param list<string>                                          $from    Statuses the job may be in.
	 * @param array{lease_token?: string, lease_expired_before?: int} $guard   Extra conditions.
	 * @param callable(array<string, mixed>): array<string, mixed>  $changes Gets the row, returns columns to set.
	 */
	private function modify( int $id, array $from, array $guard, callable $changes ): bool {
		global $wpdb;
		for ( $try = 0; $try < self::CAS_RETRIES; $try++ ) {
			$row = $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM ' . $this->table() . ' WHERE id = %d', $id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
			if ( ! is_array( $row ) || ! in_array( $row['status'], $from, true ) ) {
				return false;
			}
			if ( isset( $guard['lease_token'] ) && ! hash_equals( (string) $row['lease_token'], $guard['lease_token'] ) ) {
				return false;
			}
			if ( isset( $guard['lease_expired_before'] ) && ( null === $row['lease_expires_at'] || (int) $row['lease_expires_at'] >= $guard['lease_expired_before'] ) ) {
				return false;
			}
			$row['log']          = JobLog::decode( $row['log'] );
			$set                 = $changes( $row );
			$set['updated_at']   = time();
			[ $assign, $values ] = $this->assignments( $set );
			[ $in, $statuses ]   = $this->in( $from );
			$sql                 = 'UPDATE ' . $this->table() . " SET {$assign}, revision = revision + 1 WHERE id = %d AND revision = %d AND status IN ({$in})";
			$values              = array_merge( $values, array( $id, (int) $row['revision'] ), $statuses );
			if ( isset( $guard['lease_token'] ) ) {
				$sql     .= ' AND lease_token = %s';
				$values[] = $guard['lease_token'];
			}
			if ( 1 === $this->quietly( static fn() => $wpdb->query( $wpdb->prepare( $sql, $values ) ) ) ) { // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
				return true;
			}
		}
		return false;
	}

	/**
	 * WHERE clause of a job that a worker may claim now.
	 *
	 * @param list<string> $types Job types.
	 * @return array{ string, list<mixed> }
	 */
	private function ready_where( array $types ): array {
		$now            = time();
		[ $in, $types ] = $this->in( $types );
		return array(
			"status = %s AND available_at <= %d AND expires_at >= %d AND type IN ({$in})",
			array_merge( array( JobStatus::PENDING, $now, $now ), $types ),
		);
	}

	/**
	 * @param array<string, mixed> $filters See query().
	 * @return array{ string, list<mixed> }
	 */
	private function where( array $filters ): array {
		global $wpdb;
		$clauses = array( '1 = 1' );
		$args    = array();
		if ( isset( $filters['status'] ) && array() !== $filters['status'] && '' !== $filters['status'] ) {
			$statuses = array_values( array_intersect( (array) $filters['status'], JobStatus::ALL ) );
			if ( array() === $statuses ) {
				$clauses[] = '1 = 0';
			} else {
				[ $in, $statuses ] = $this->in( $statuses );
				$clauses[]         = "status IN ({$in})";
				$args              = array_merge( $args, $statuses );
			}
		}
		foreach ( array(
			'type'    => '%s',
			'post_id' => '%d',
			'user_id' => '%d',
		) as $column => $format ) {
			if ( isset( $filters[ $column ] ) && '' !== $filters[ $column ] ) {
				$clauses[] = "{$column} = {$format}";
				$args[]    = '%d' === $format ? (int) $filters[ $column ] : (string) $filters[ $column ];
			}
		}
		if ( isset( $filters['search'] ) && '' !== trim( (string) $filters['search'] ) ) {
			$like      = '%' . $wpdb->esc_like( trim( (string) $filters['search'] ) ) . '%';
			$clauses[] = '(type LIKE %s OR public_id LIKE %s OR stage LIKE %s OR input LIKE %s)';
			array_push( $args, $like, $like, $like, $like );
		}
		if ( isset( $filters['after'] ) && is_numeric( $filters['after'] ) ) {
			$clauses[] = 'created_at >= %d';
			$args[]    = (int) $filters['after'];
		}
		if ( isset( $filters['before'] ) && is_numeric( $filters['before'] ) ) {
			$clauses[] = 'created_at <= %d';
			$args[]    = (int) $filters['before'];
		}
		return array( implode( ' AND ', $clauses ), $args );
	}

	/**
	 * Placeholders for an IN (…) list.
	 *
	 * @param list<string> $values Values.
	 * @return array{ string, list<string> }
	 */
	private function in( array $values ): array {
		$values = array_values( $values );
		return array( implode( ', ', array_fill( 0, count( $values ), '%s' ) ), $values );
	}

	/**
	 * `col = %s, col2 = NULL …` for allowlisted columns; arrays become JSON.
	 *
	 * @param array<string, mixed> $changes Column => value.
	 * @return array{ string, list<mixed> }
	 */
	private function assignments( array $changes ): array {
		[ $columns, $formats, $values ] = $this->columns( $changes, false );
		$parts                          = array();
		foreach ( $columns as $i => $column ) {
			$parts[] = "{$column} = {$formats[ $i ]}";
		}
		return array( implode( ', ', $parts ), $values );
	}

	/**
	 * @param array<string, mixed> $changes    Column => value.
	 * @param bool                 $for_insert Allow the revision column (inserts only).
	 * @return array{ list<string>, list<string>, list<mixed> }
	 */
	private function columns( array $changes, bool $for_insert ): array {
		$columns = array();
		$formats = array();
		$values  = array();
		foreach ( $changes as $column => $value ) {
			if ( ! isset( self::COLUMNS[ $column ] ) && ! ( $for_insert && 'revision' === $column ) ) {
				throw new \InvalidArgumentException( sprintf( 'Unknown job column "%s".', esc_html( $column ) ) );
			}
			$columns[] = $column;
			if ( null === $value ) {
				$formats[] = 'NULL';
				continue;
			}
			if ( is_array( $value ) || is_object( $value ) ) {
				$value = (string) wp_json_encode( $value );
			}
			$formats[] = self::COLUMNS[ $column ] ?? '%d';
			$values[]  = is_bool( $value ) ? (int) $value : $value;
		}
		return array( $columns, $formats, $values );
	}

	/**
	 * @param array<string, mixed> $row A row as read.
	 */
	private function hydrate( array $row ): Job {
		$input  = json_decode( (string) $row['input'], true );
		$result = null === $row['result'] ? null : json_decode( (string) $row['result'], true );
		$int    = static fn( mixed $value ): ?int => null === $value ? null : (int) $value;
		return new Job(
			(int) $row['id'],
			(string) $row['public_id'],
			(int) $row['user_id'],
			$int( $row['post_id'] ),
			(string) $row['type'],
			(string) $row['status'],
			(int) $row['priority'],
			(int) $row['attempts'],
			(int) $row['max_attempts'],
			(int) $row['available_at'],
			null === $row['lease_token'] ? null : (string) $row['lease_token'],
			$int( $row['lease_expires_at'] ),
			$int( $row['heartbeat_at'] ),
			1 === (int) $row['cancel_requested'],
			(int) $row['progress'],
			null === $row['stage'] ? null : (string) $row['stage'],
			null === $row['partial_output'] ? null : (string) $row['partial_output'],
			is_array( $input ) ? $input : array(),
			is_array( $result ) ? $result : null,
			null === $row['error_code'] ? null : (string) $row['error_code'],
			null === $row['error_message'] ? null : (string) $row['error_message'],
			null === $row['idempotency_key'] ? null : (string) $row['idempotency_key'],
			(int) $row['prompt_tokens'],
			(int) $row['completion_tokens'],
			(int) $row['created_at'],
			$int( $row['started_at'] ),
			$int( $row['finished_at'] ),
			(int) $row['expires_at'],
			(int) $row['updated_at'],
			JobLog::decode( $row['log'] )
		);
	}
}
