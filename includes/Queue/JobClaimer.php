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
use IACP\Jobs\JobRows;
use IACP\Jobs\JobsSchema;
use IACP\Jobs\JobStatus;
use IACP\Jobs\LockConflicts;

// phpcs:disable WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- claiming is one atomic statement on the plugin's own jobs table (row locks or a compare-and-set); a cache cannot take part in it.
final class JobClaimer {

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
		[ $ready, $args ] = $this->ready_where( $types );
		// Two claimers can still deadlock on the secondary indexes; InnoDB then rolls one back. That is a lost
		// race, not an error: try again instead of logging it.
		$suppressed = $wpdb->suppress_errors( true );
		try {
			for ( $round = 0; $round < 3; $round++ ) {
				$wpdb->query( 'START TRANSACTION' );
				$row = $wpdb->get_row( $wpdb->prepare( 'SELECT * FROM ' . JobsSchema::table() . " WHERE {$ready} ORDER BY priority ASC, id ASC LIMIT 1 FOR UPDATE SKIP LOCKED", $args ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL,WordPress.DB.PreparedSQLPlaceholders -- clauses built here from placeholders.
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
	 * Portable claim (SQLite, older MySQL): read a few candidates, then take one with a guarded UPDATE.
	 *
	 * @param list<string>       $types         Job types.
	 * @param array<string, int> $lease_seconds Lease length per type.
	 */
	private function claim_with_compare_and_set( array $types, array $lease_seconds, string $runner ): ?Job {
		global $wpdb;
		[ $ready, $args ] = $this->ready_where( $types );
		for ( $round = 0; $round < 5; $round++ ) {
			$rows = $wpdb->get_results( $wpdb->prepare( 'SELECT * FROM ' . JobsSchema::table() . " WHERE {$ready} ORDER BY priority ASC, id ASC LIMIT 8", $args ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL,WordPress.DB.PreparedSQLPlaceholders -- clauses built here from placeholders.
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
		[ $set, $values ] = JobRows::assignments( $changes );
		$sql              = 'UPDATE ' . JobsSchema::table() . " SET {$set}, revision = revision + 1 WHERE id = %d AND status = %s AND revision = %d AND available_at <= %d";
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
