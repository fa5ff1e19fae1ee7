<?php
/**
 * Claims the next ready job for one worker with one guarded UPDATE, and checks that it changed the row: no two
 * workers ever hold the same job. On MariaDB ≥ 10.6 and MySQL ≥ 8.0.1 the candidate row is locked with
 * SELECT … FOR UPDATE SKIP LOCKED, so workers never wait on each other; elsewhere (SQLite, older MySQL) a
 * compare-and-set on the row revision decides.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Jobs\Job;
use IACP\Jobs\JobLog;
use IACP\Jobs\JobRepository;
use IACP\Jobs\JobRows;
use IACP\Jobs\JobsSchema;
use IACP\Jobs\JobStatus;
use IACP\Jobs\LockConflicts;

// phpcs:disable WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- claiming is one atomic statement on the plugin's own jobs table (row locks or a compare-and-set); a cache cannot take part in it.
final class JobClaimer {

	public function __construct( private readonly JobRepository $repository ) {}

	/** Claim order: priority, then when the job became ready, then age; the claim index holds it per type. */
	private const ORDER = 'priority ASC, available_at ASC, id ASC';

	private ?bool $skip_locked = null;

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
		[ $sql, $args ] = $this->next_per_type( $types );
		// Two claimers can still deadlock on the secondary indexes; InnoDB then rolls one back. That is a lost
		// race, not an error: try again instead of logging it.
		$suppressed = $wpdb->suppress_errors( true );
		try {
			for ( $round = 0; $round < 3; $round++ ) {
				$wpdb->query( 'START TRANSACTION' );
				$row = $this->first( $wpdb->get_results( $wpdb->prepare( $sql, $args ), ARRAY_A ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- built by next_per_type() from placeholders.
				if ( ! is_array( $row ) ) {
					$error = $wpdb->last_error;
					$wpdb->query( 'COMMIT' );
					if ( LockConflicts::is_conflict( $error ) ) {
						continue;
					}
					LockConflicts::report( $error, $suppressed );
					return null;
				}
				$claimed = $this->claim_row( $row, $lease_seconds, $runner );
				if ( null !== $claimed ) {
					$wpdb->query( 'COMMIT' );
					return JobRows::hydrate( $claimed );
				}
				$error = $wpdb->last_error;
				$wpdb->query( 'ROLLBACK' );
				if ( ! LockConflicts::is_conflict( $error ) ) {
					LockConflicts::report( $error, $suppressed );
					return null;
				}
				usleep( wp_rand( 1000, 10000 ) );
			}
			return null;
		} finally {
			$wpdb->suppress_errors( $suppressed );
		}
	}

	/**
	 * One statement that locks the next $limit ready jobs of each type (skipping rows other workers hold): a walk of the
	 * claim index (status, type, priority, available_at, id) per type, which never passes over delayed jobs (they
	 * sort after the ready ones) or jobs of types this worker does not run. The rows not taken are released at
	 * COMMIT, right after the claim.
	 *
	 * @param list<string> $types Job types.
	 * @return array{ string, list<mixed> }
	 */
	private function next_per_type( array $types, int $limit = 1 ): array {
		$now    = time();
		$parts  = array();
		$args   = array();
		$select = 'SELECT * FROM ' . JobsSchema::table() . ' WHERE status = %s AND type = %s AND available_at <= %d AND expires_at >= %d ORDER BY ' . self::ORDER . ' LIMIT ' . max( 1, $limit ) . ' FOR UPDATE SKIP LOCKED';
		foreach ( array_values( array_unique( $types ) ) as $type ) {
			$parts[] = $select;
			array_push( $args, JobStatus::PENDING, $type, $now, $now );
		}
		return array( 1 === count( $parts ) ? $parts[0] : '(' . implode( ') UNION ALL (', $parts ) . ')', $args );
	}

	/**
	 * The row that comes first in claim order (priority, then when it became ready, then age).
	 *
	 * @param mixed $rows What $wpdb->get_results() answered.
	 * @return array<string, mixed>|null
	 */
	private function first( mixed $rows ): ?array {
		return $this->in_order( $rows )[0] ?? null;
	}

	/**
	 * Rows in claim order.
	 *
	 * @param mixed $rows What $wpdb->get_results() answered.
	 * @return list<array<string, mixed>>
	 */
	private function in_order( mixed $rows ): array {
		$rows = is_array( $rows ) ? array_values( array_filter( $rows, 'is_array' ) ) : array();
		usort(
			$rows,
			static fn( array $a, array $b ): int => array( (int) $a['priority'], (int) $a['available_at'], (int) $a['id'] ) <=> array( (int) $b['priority'], (int) $b['available_at'], (int) $b['id'] )
		);
		return $rows;
	}

	/**
	 * Claims up to $max ready jobs in one transaction for a worker that runs them one after another (short jobs:
	 * see ClaimBuffer). They share one lease token and are taken by one UPDATE, so a claim costs four statements
	 * however many jobs it takes. Needs SKIP LOCKED; elsewhere, and for $max = 1, it is claim_next().
	 *
	 * @param list<string>       $types         Job types this worker may run.
	 * @param array<string, int> $lease_seconds Lease length per type.
	 * @return list<Job> In claim order.
	 */
	public function claim_batch( array $types, array $lease_seconds, string $runner, int $max ): array {
		if ( $max <= 1 || array() === $types || ! $this->supports_skip_locked() ) {
			$job = $this->claim_next( $types, $lease_seconds, $runner );
			return null === $job ? array() : array( $job );
		}
		global $wpdb;
		[ $sql, $args ] = $this->next_per_type( $types, $max );
		$suppressed     = $wpdb->suppress_errors( true );
		try {
			$wpdb->query( 'START TRANSACTION' );
			$rows = array_slice( $this->in_order( $wpdb->get_results( $wpdb->prepare( $sql, $args ), ARRAY_A ) ), 0, $max ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- built by next_per_type() from placeholders.
			if ( array() === $rows ) {
				$error = $wpdb->last_error;
				$wpdb->query( 'COMMIT' );
				if ( ! LockConflicts::is_conflict( $error ) ) {
					LockConflicts::report( $error, $suppressed );
				}
				return array();
			}
			$claimed = $this->claim_rows( $rows, $lease_seconds, $runner );
			if ( null === $claimed ) {
				$error = $wpdb->last_error;
				$wpdb->query( 'ROLLBACK' );
				if ( ! LockConflicts::is_conflict( $error ) ) {
					LockConflicts::report( $error, $suppressed );
				}
				return array();
			}
			$wpdb->query( 'COMMIT' );
			return array_map( array( JobRows::class, 'hydrate' ), $claimed );
		} finally {
			$wpdb->suppress_errors( $suppressed );
		}
	}

	/**
	 * Makes locked pending rows this worker's: one UPDATE per lease length (usually one), with the log line and
	 * the attempt count written by the database; a row whose log reached its cap goes through claim_row() instead.
	 *
	 * @param list<array<string, mixed>> $rows          Rows this transaction locked, in claim order.
	 * @param array<string, int>         $lease_seconds Lease length per type.
	 * @return list<array<string, mixed>>|null The rows as they now stand, or null when an UPDATE did not apply.
	 */
	private function claim_rows( array $rows, array $lease_seconds, string $runner ): ?array {
		global $wpdb;
		$now     = time();
		$token   = bin2hex( random_bytes( 16 ) );
		$claimed = array();
		$groups  = array();
		foreach ( $rows as $i => $row ) {
			if ( JobLog::count_lines( $row['log'] ) >= JobLog::CAP ) {
				$claimed[ $i ] = $this->claim_row( $row, $lease_seconds, $runner );
				if ( null === $claimed[ $i ] ) {
					return null;
				}
				continue;
			}
			$groups[ $lease_seconds[ $row['type'] ] ?? 60 ][ $i ] = $row;
		}
		// The entry's JSON around its attempt number, which the database fills in from the row.
		$entry              = array(
			'runner' => $runner,
			'pid'    => getmypid(),
		);
		[ $before, $after ] = explode( '"attempt":0,', (string) wp_json_encode( JobLog::entry( 'Attempt started.', 0, $entry ) ), 2 );
		$before            .= '"attempt":';
		$after              = ',' . $after;
		foreach ( $groups as $lease => $group ) {
			$ids     = array_map( static fn( array $row ): int => (int) $row['id'], $group );
			$in      = implode( ', ', array_fill( 0, count( $ids ), '%d' ) );
			$sql     = 'UPDATE ' . JobsSchema::table() . " SET log = CONCAT(COALESCE(log, ''), %s, attempts + 1, %s), status = %s, lease_token = %s, lease_expires_at = %d, heartbeat_at = %d, attempts = attempts + 1, started_at = COALESCE(started_at, %d), updated_at = %d, revision = revision + 1 WHERE id IN ({$in}) AND status = %s";
			$values  = array_merge( array( "\n" . $before, $after, JobStatus::PROCESSING, $token, $now + $lease, $now, $now, $now ), $ids, array( JobStatus::PENDING ) );
			$changed = $wpdb->query( $wpdb->prepare( $sql, $values ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared -- placeholders built above.
			if ( count( $ids ) !== $changed ) {
				return null; // The rows are locked by this transaction: anything else is an error; roll back.
			}
			foreach ( $group as $i => $row ) {
				$attempt       = (int) $row['attempts'] + 1;
				$claimed[ $i ] = array_merge(
					$row,
					array(
						'status'           => JobStatus::PROCESSING,
						'lease_token'      => $token,
						'lease_expires_at' => $now + $lease,
						'heartbeat_at'     => $now,
						'attempts'         => $attempt,
						'started_at'       => null === $row['started_at'] ? $now : (int) $row['started_at'],
						'updated_at'       => $now,
						'revision'         => (int) $row['revision'] + 1,
						'log'              => $row['log'] . "\n" . $before . $attempt . $after,
					)
				);
			}
		}
		ksort( $claimed );
		return array_values( $claimed );
	}

	/**
	 * Whether at least $count jobs of these types are ready to be claimed now.
	 *
	 * @param list<string> $types Job types.
	 */
	public function has_ready( array $types, int $count ): bool {
		global $wpdb;
		if ( array() === $types ) {
			return false;
		}
		[ $ready, $args ] = $this->ready_where( $types );
		$found            = $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM (SELECT id FROM ' . JobsSchema::table() . " WHERE {$ready} LIMIT %d) ready", array_merge( $args, array( max( 1, $count ) ) ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL,WordPress.DB.PreparedSQLPlaceholders -- clauses built here from placeholders.
		return (int) $found >= $count;
	}

	/**
	 * Renews the lease of a claimed job that waited in a worker's batch; false when it is no longer this worker's.
	 */
	public function renew( Job $job, int $lease_seconds ): bool {
		return $this->repository->lease_write( $job->id, (string) $job->lease_token, $lease_seconds );
	}

	/**
	 * Leases of jobs waiting in a worker's batch behind a job that takes long: extended in one statement.
	 *
	 * @param list<Job> $jobs Claimed jobs of one batch (one lease token).
	 */
	public function extend( array $jobs, int $lease_seconds ): void {
		$this->repository->extend_leases( array_map( static fn( Job $job ): int => $job->id, $jobs ), (string) ( $jobs[0]->lease_token ?? '' ), $lease_seconds );
	}

	/**
	 * Gives a claimed job that never started back to the queue, its attempt not counted (a worker stopping with
	 * jobs left in its batch).
	 */
	public function release( Job $job ): bool {
		return $this->repository->transition(
			$job->id,
			array( JobStatus::PROCESSING ),
			JobStatus::PENDING,
			array(
				'attempts'         => max( 0, $job->attempts - 1 ),
				'lease_token'      => null,
				'lease_expires_at' => null,
				'log'              => JobLog::line( 'Released unstarted; the worker stopped.', $job->attempts ),
			),
			array( 'lease_token' => (string) $job->lease_token )
		);
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
			$rows = $wpdb->get_results( $wpdb->prepare( 'SELECT * FROM ' . JobsSchema::table() . " WHERE {$ready} ORDER BY " . self::ORDER . ' LIMIT 8', $args ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL,WordPress.DB.PreparedSQLPlaceholders -- clauses built here from placeholders.
			if ( ! is_array( $rows ) || array() === $rows ) {
				return null;
			}
			foreach ( $rows as $row ) {
				$claimed = $this->claim_row( $row, $lease_seconds, $runner );
				if ( null !== $claimed ) {
					return JobRows::hydrate( $claimed );
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
		$now     = time();
		$attempt = (int) $row['attempts'] + 1;
		$changes = array(
			'status'           => JobStatus::PROCESSING,
			'lease_token'      => bin2hex( random_bytes( 16 ) ),
			'lease_expires_at' => $now + ( $lease_seconds[ $row['type'] ] ?? 60 ),
			'heartbeat_at'     => $now,
			'attempts'         => $attempt,
			'started_at'       => null === $row['started_at'] ? $now : (int) $row['started_at'],
			'updated_at'       => $now,
		);
		$entry   = array(
			'runner' => $runner,
			'pid'    => getmypid(),
		);
		// The row was read anyway: a log grown past its cap is rewritten to its newest entries, else one line added.
		$changes['log']   = JobLog::count_lines( $row['log'] ) >= JobLog::CAP
			? JobLog::append( JobLog::decode( $row['log'] ), 'Attempt started.', $attempt, $entry )
			: JobLog::line( 'Attempt started.', $attempt, $entry );
		[ $set, $values ] = JobRows::assignments( $changes );
		$sql              = 'UPDATE ' . JobsSchema::table() . " SET {$set}, revision = revision + 1 WHERE id = %d AND status = %s AND revision = %d AND available_at <= %d";
		if ( 1 !== $wpdb->query( $wpdb->prepare( $sql, array_merge( $values, array( (int) $row['id'], JobStatus::PENDING, (int) $row['revision'], $now ) ) ) ) ) { // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
			return null;
		}
		// The row as it now stands, without reading it back: one query fewer per job.
		$claimed             = array_merge( $row, $changes );
		$claimed['log']      = is_string( $changes['log'] ) ? $row['log'] . $changes['log'] : JobLog::encode( $changes['log'] );
		$claimed['revision'] = (int) $row['revision'] + 1;
		return $claimed;
	}

	/**
	 * WHERE clause of a job that a worker may claim now.
	 *
	 * @param list<string> $types Job types.
	 * @return array{ string, list<mixed> }
	 */
	private function ready_where( array $types ): array {
		$now            = time();
		[ $in, $types ] = JobRows::in( $types );
		return array(
			"status = %s AND available_at <= %d AND expires_at >= %d AND type IN ({$in})",
			array_merge( array( JobStatus::PENDING, $now, $now ), $types ),
		);
	}
}
