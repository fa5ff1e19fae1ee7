<?php
/**
 * The jobs table's reads and writes for callers and workers: insert, find, list, delete, and the guarded writes.
 * Claiming lives in Queue\JobClaimer, the health figures in Queue\QueueStatsRepository; the row mapping they all
 * share in JobRows.
 *
 * Every status change and every worker write is a compare-and-set: it names the statuses the job may be in, the
 * worker's lease token where a worker writes, and — when the change was computed from the row — the row revision it
 * read. A log entry is appended by the database (JobLog), so most writes are one UPDATE with no read before it.
 * Callers check the returned bool; false means "someone else changed it first". Three writes cover every case:
 * - transition(): moves a job to another status;
 * - modify():     changes columns of a job in one of the given statuses, the status staying;
 * - lease_write(): a worker's one-statement write under its lease (progress, output, heartbeat, tokens).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

// phpcs:disable WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- the jobs table's own repository: rows that workers change every second are read and written in the database, never through an object cache that would answer with a stale job.
final class JobRepository {

	/** Sort orders query() accepts (allowlist: never interpolate a caller's string). */
	private const ORDERS = array(
		'desc' => 'id DESC',
		'asc'  => 'id ASC',
	);

	/** Columns lease_write() may add to. */
	private const COUNTERS = array( 'prompt_tokens', 'completion_tokens' );

	/** Optimistic-concurrency retries for read-modify-write updates. */
	private const CAS_RETRIES = 8;

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
		[ $columns, $formats, $values ] = JobRows::columns( $row, true );
		$suppress                       = $wpdb->suppress_errors( true );
		$sql                            = 'INSERT INTO ' . $this->table() . ' (' . implode( ', ', $columns ) . ') VALUES (' . implode( ', ', $formats ) . ')';
		$ok                             = $wpdb->query( $wpdb->prepare( $sql, $values ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- columns allowlisted, values placeholders.
		$wpdb->suppress_errors( $suppress );
		return 1 === $ok ? (int) $wpdb->insert_id : 0;
	}

	public function find( int $id ): ?Job {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM ' . $this->table() . ' WHERE id = %d', $id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		return is_array( $row ) ? JobRows::hydrate( $row ) : null;
	}

	public function find_by_public_id( string $public_id ): ?Job {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM ' . $this->table() . ' WHERE public_id = %s', $public_id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		return is_array( $row ) ? JobRows::hydrate( $row ) : null;
	}

	public function find_by_idempotency_key( int $user_id, string $key ): ?Job {
		global $wpdb;
		$row = $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM ' . $this->table() . ' WHERE user_id = %d AND idempotency_key = %s', $user_id, $key ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		return is_array( $row ) ? JobRows::hydrate( $row ) : null;
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
			'jobs'  => JobRows::hydrate_all( $rows ),
			'total' => $total,
		);
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
		[ $in, $statuses ] = JobRows::in( JobStatus::FINISHED );
		return 1 === $wpdb->query( $wpdb->prepare( 'DELETE FROM ' . $this->table() . " WHERE id = %d AND status IN ({$in})", array_merge( array( $id ), $statuses ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL,WordPress.DB.PreparedSQLPlaceholders -- clauses built here from placeholders.
	}

	/**
	 * Moves a job to another status, guarded by the statuses it may be in now (see modify() for array and callable
	 * changes).
	 *
	 * @param list<string>                                                                $from    Statuses the job may be in now.
	 * @param array<string, mixed>|callable(array<string, mixed>): array<string, mixed> $changes Columns to set.
	 * @param array{lease_token?: string, lease_expired_before?: int}                     $guard   Extra conditions.
	 */
	public function transition( int $id, array $from, string $to, array|callable $changes, array $guard = array() ): bool {
		$from = array_values(
			array_filter( $from, static fn( string $status ): bool => JobStatus::can_transition( $status, $to ) )
		);
		if ( array() === $from ) {
			return false;
		}
		if ( ! is_callable( $changes ) ) {
			return $this->modify( $id, $from, array( 'status' => $to ) + $changes, $guard );
		}
		return $this->modify(
			$id,
			$from,
			static fn( array $row ): array => array( 'status' => $to ) + $changes( $row ),
			$guard
		);
	}

	/**
	 * Changes columns of a job that is in one of $from, the status staying. With a lease token in $guard it is a
	 * worker's write under its lease; without, a caller's (a cancel request on a running job).
	 *
	 * Changes given as an array are one guarded UPDATE: nothing is read first (a log entry is appended by the
	 * database), and the statuses and guards decide atomically. Changes given as a callable get the row as it stands
	 * (log decoded) and apply by compare-and-set on the row revision: retried when someone wrote in between.
	 *
	 * @param list<string>                                                                $from    Statuses the job may be in.
	 * @param array<string, mixed>|callable(array<string, mixed>): array<string, mixed> $changes Columns to set, or a callable
	 *                                                                                           that gets the row and returns them.
	 * @param array{lease_token?: string, lease_expired_before?: int}                     $guard   Extra conditions.
	 */
	public function modify( int $id, array $from, array|callable $changes, array $guard = array() ): bool {
		if ( ! is_callable( $changes ) ) {
			for ( $try = 0; $try < self::CAS_RETRIES; $try++ ) {
				$changed = $this->guarded_update( $id, $from, $changes, $guard, null );
				if ( false !== $changed ) {
					return 1 === $changed;
				}
				usleep( wp_rand( 1000, 10000 ) ); // A deadlock rolled the write back: it is safe to send it again.
			}
			return false;
		}
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
			$row['log'] = JobLog::decode( $row['log'] );
			if ( 1 === $this->guarded_update( $id, $from, $changes( $row ), $guard, (int) $row['revision'] ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * One UPDATE of a job in one of $from (and at $revision, when given), under the guards; returns rows changed, or
	 * false when a lock conflict (deadlock, lock wait timeout) rolled it back.
	 *
	 * @param list<string>                                            $from     Statuses the job may be in.
	 * @param array<string, mixed>                                    $set      Columns to set.
	 * @param array{lease_token?: string, lease_expired_before?: int} $guard    Extra conditions.
	 */
	private function guarded_update( int $id, array $from, array $set, array $guard, ?int $revision ): int|false {
		global $wpdb;
		$set['updated_at']   = time();
		[ $assign, $values ] = JobRows::assignments( $set );
		[ $in, $statuses ]   = JobRows::in( $from );
		$sql                 = 'UPDATE ' . $this->table() . " SET {$assign}, revision = revision + 1 WHERE id = %d AND status IN ({$in})";
		$values              = array_merge( $values, array( $id ), $statuses );
		if ( null !== $revision ) {
			$sql     .= ' AND revision = %d';
			$values[] = $revision;
		}
		if ( isset( $guard['lease_token'] ) ) {
			$sql     .= ' AND lease_token = %s';
			$values[] = $guard['lease_token'];
		}
		if ( isset( $guard['lease_expired_before'] ) ) {
			$sql     .= ' AND lease_expires_at < %d';
			$values[] = $guard['lease_expired_before'];
		}
		$changed = LockConflicts::quietly( static fn() => $wpdb->query( $wpdb->prepare( $sql, $values ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- columns allowlisted, values placeholders.
		if ( is_int( $changed ) ) {
			return $changed;
		}
		return LockConflicts::is_conflict( $wpdb->last_error ) ? false : 0;
	}

	/**
	 * A worker's write while it holds the lease, in one statement: sets columns, adds to token counters, and extends
	 * the lease. False when the lease is no longer this worker's.
	 *
	 * @param array<string, mixed> $set Columns to set.
	 * @param array<string, int>   $add Counters to add to (prompt_tokens, completion_tokens); negative amounts count as 0.
	 */
	public function lease_write( int $id, string $lease_token, int $lease_seconds, array $set = array(), array $add = array() ): bool {
		global $wpdb;
		$now                     = time();
		$set['heartbeat_at']     = $now;
		$set['lease_expires_at'] = $now + $lease_seconds;
		$set['updated_at']       = $now;
		[ $assign, $values ]     = JobRows::assignments( $set );
		foreach ( $add as $column => $amount ) {
			if ( ! in_array( $column, self::COUNTERS, true ) ) {
				throw new \InvalidArgumentException( sprintf( 'Job column "%s" is not a counter.', esc_html( $column ) ) );
			}
			$assign  .= ", {$column} = {$column} + %d";
			$values[] = max( 0, (int) $amount );
		}
		$sql = 'UPDATE ' . $this->table() . " SET {$assign}, revision = revision + 1 WHERE id = %d AND status = %s AND lease_token = %s";
		return 1 === $wpdb->query( $wpdb->prepare( $sql, array_merge( $values, array( $id, JobStatus::PROCESSING, $lease_token ) ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	}

	/**
	 * Extends the leases of processing jobs that share one lease token (a worker's claimed batch), in one statement.
	 *
	 * @param list<int> $ids Job ids.
	 */
	public function extend_leases( array $ids, string $lease_token, int $lease_seconds ): void {
		global $wpdb;
		if ( array() === $ids || '' === $lease_token ) {
			return;
		}
		$in     = implode( ', ', array_fill( 0, count( $ids ), '%d' ) );
		$sql    = 'UPDATE ' . $this->table() . " SET lease_expires_at = %d WHERE id IN ({$in}) AND status = %s AND lease_token = %s";
		$values = array_merge( array( time() + $lease_seconds ), array_map( 'intval', $ids ), array( JobStatus::PROCESSING, $lease_token ) );
		$wpdb->query( $wpdb->prepare( $sql, $values ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- placeholders built here.
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
		$sql     = 'UPDATE ' . $this->table() . " SET status = %s, finished_at = %d, updated_at = %d, error_code = %s, error_message = %s, revision = revision + 1 WHERE id IN ({$in}) AND status = %s AND expires_at < %d";
		$values  = array_merge(
			array( JobStatus::EXPIRED, $now, $now, 'expired', __( 'No worker started the job before it expired.', 'iacp' ) ),
			$ids,
			array( JobStatus::PENDING, $now )
		);
		$changed = LockConflicts::quietly( static fn() => $wpdb->query( $wpdb->prepare( $sql, $values ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- placeholders built above.
		return is_int( $changed ) ? $changed : 0;
	}

	/**
	 * Processing jobs whose lease ran out (their worker died or hung).
	 *
	 * @return list<Job>
	 */
	public function find_lease_expired( int $now, int $limit = 100 ): array {
		global $wpdb;
		$rows = $wpdb->get_results( $wpdb->prepare( 'SELECT * FROM ' . $this->table() . ' WHERE status = %s AND lease_expires_at < %d ORDER BY lease_expires_at ASC LIMIT %d', JobStatus::PROCESSING, $now, $limit ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		return JobRows::hydrate_all( $rows );
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
				[ $in, $statuses ] = JobRows::in( $statuses );
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
}
