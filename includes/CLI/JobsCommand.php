<?php
/**
 * `wp iacp jobs`: list, inspect, retry, cancel and purge AI jobs.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\CLI;

use IACP\Jobs\Job;
use IACP\Jobs\JobPresenter;
use IACP\Jobs\JobRepository;
use IACP\Jobs\JobStatus;
use IACP\Jobs\JobQueue;
use WP_CLI;

final class JobsCommand {

	private const FIELDS = array( 'id', 'type', 'status', 'attempts', 'progress', 'user_id', 'post_id', 'created_at', 'error' );

	public function __construct(
		private readonly JobQueue $queue,
		private readonly JobRepository $repository,
		private readonly JobPresenter $presenter
	) {}

	/**
	 * Lists jobs, newest first.
	 *
	 * ## OPTIONS
	 *
	 * [--status=<status>]
	 * : Only jobs in this status (comma-separated for several).
	 *
	 * [--type=<type>]
	 * : Only jobs of this type.
	 *
	 * [--owner=<user>]
	 * : Only jobs of this user (ID, login or email). Not `--user`: WP-CLI keeps that for itself (run as that user).
	 *
	 * [--per-page=<n>]
	 * : How many.
	 * ---
	 * default: 50
	 * ---
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - csv
	 *   - ids
	 *   - count
	 * ---
	 *
	 * @subcommand list
	 *
	 * @param list<string>         $args  Positional arguments (none).
	 * @param array<string, mixed> $assoc Flags.
	 */
	public function list_( array $args, array $assoc ): void {
		$filters = array(
			'status'  => isset( $assoc['status'] ) ? explode( ',', (string) $assoc['status'] ) : null,
			'type'    => $assoc['type'] ?? null,
			'user_id' => isset( $assoc['owner'] ) ? self::owner_id( (string) $assoc['owner'] ) : null,
		);
		$page    = $this->repository->query( array_filter( $filters, static fn( $value ) => null !== $value ), 1, (int) ( $assoc['per-page'] ?? 50 ) );
		$format  = (string) ( $assoc['format'] ?? 'table' );
		if ( 'json' === $format ) {
			WP_CLI::line( (string) wp_json_encode( array_map( array( $this->presenter, 'present' ), $page['jobs'] ) ) );
			return;
		}
		if ( 'count' === $format ) {
			WP_CLI::line( (string) $page['total'] );
			return;
		}
		if ( 'ids' === $format ) {
			WP_CLI::line( implode( ' ', array_map( static fn( Job $job ): string => $job->public_id, $page['jobs'] ) ) );
			return;
		}
		WP_CLI\Utils\format_items( $format, array_map( array( $this, 'row' ), $page['jobs'] ), self::FIELDS );
	}

	/**
	 * The user an `--owner` value names: an ID, a login or an email; an unknown one stops the command.
	 */
	private static function owner_id( string $owner ): int {
		$user = ctype_digit( $owner ) ? get_user_by( 'id', (int) $owner ) : get_user_by( 'login', $owner );
		if ( ! $user && ! ctype_digit( $owner ) ) {
			$user = get_user_by( 'email', $owner );
		}
		if ( ! $user ) {
			WP_CLI::error( sprintf( 'No user matches --owner=%s.', $owner ) );
		}
		return (int) $user->ID;
	}

	/**
	 * Shows one job.
	 *
	 * ## OPTIONS
	 *
	 * <id>
	 * : The job's id (UUID).
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 * ---
	 *
	 * @param list<string>         $args  The id.
	 * @param array<string, mixed> $assoc Flags.
	 */
	public function get( array $args, array $assoc ): void {
		$job = $this->job( $args[0] );
		if ( null === $job ) {
			WP_CLI::error( sprintf( 'No job with id %s.', $args[0] ) );
		}
		// Whoever runs WP-CLI on the server sees what managers see.
		$data = $this->presenter->present( $job, true );
		if ( 'json' === ( $assoc['format'] ?? 'table' ) ) {
			WP_CLI::line( (string) wp_json_encode( $data, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES ) );
			return;
		}
		$rows = array();
		foreach ( $data as $field => $value ) {
			$rows[] = array(
				'Field' => $field,
				'Value' => is_scalar( $value ) || null === $value ? (string) $value : (string) wp_json_encode( $value ),
			);
		}
		WP_CLI\Utils\format_items( 'table', $rows, array( 'Field', 'Value' ) );
	}

	/**
	 * Puts failed, expired or cancelled jobs back in the queue.
	 *
	 * ## OPTIONS
	 *
	 * [<id>...]
	 * : Job ids.
	 *
	 * [--status=<status>]
	 * : With --all: every job in this status (failed, expired or cancelled).
	 *
	 * [--all]
	 * : Every job matching --status.
	 *
	 * @param list<string>         $args  Ids.
	 * @param array<string, mixed> $assoc Flags.
	 */
	public function retry( array $args, array $assoc ): void {
		$this->each( $this->targets( $args, $assoc, JobStatus::RETRYABLE ), 'retried', fn( Job $job ) => $this->queue->retry( $job ) );
	}

	/**
	 * Cancels jobs: pending ones at once, running ones at their next heartbeat.
	 *
	 * ## OPTIONS
	 *
	 * <id>...
	 * : Job ids.
	 *
	 * @param list<string>         $args  Ids.
	 * @param array<string, mixed> $assoc Flags.
	 */
	public function cancel( array $args, array $assoc ): void {
		$this->each( $this->targets( $args, array(), array() ), 'cancelled', fn( Job $job ) => $this->queue->cancel( $job ) );
	}

	/**
	 * Deletes finished jobs.
	 *
	 * ## OPTIONS
	 *
	 * [<id>...]
	 * : Job ids.
	 *
	 * [--status=<status>]
	 * : With --all: every job in this finished status.
	 *
	 * [--all]
	 * : Every job matching --status.
	 *
	 * @param list<string>         $args  Ids.
	 * @param array<string, mixed> $assoc Flags.
	 */
	public function purge( array $args, array $assoc ): void {
		$this->each( $this->targets( $args, $assoc, JobStatus::FINISHED ), 'purged', fn( Job $job ) => $this->queue->delete( $job ) );
	}

	/**
	 * The jobs a bulk command acts on: the ids given, or with --all every job of --status.
	 *
	 * @param list<string>         $args     Ids.
	 * @param array<string, mixed> $assoc    Flags.
	 * @param list<string>         $statuses Statuses --status may name.
	 * @return list<Job>
	 */
	private function targets( array $args, array $assoc, array $statuses ): array {
		if ( ! empty( $assoc['all'] ) ) {
			$status = (string) ( $assoc['status'] ?? '' );
			if ( ! in_array( $status, $statuses, true ) ) {
				WP_CLI::error( sprintf( '--all needs --status=<%s>.', implode( '|', $statuses ) ) );
			}
			$jobs = array();
			for ( $page = 1;; $page++ ) {
				$found = $this->repository->query( array( 'status' => $status ), $page, 500, 'asc' )['jobs'];
				$jobs  = array_merge( $jobs, $found );
				if ( count( $found ) < 500 ) {
					return $jobs;
				}
			}
		}
		if ( array() === $args ) {
			WP_CLI::error( 'Name at least one job id, or use --status=<status> --all.' );
		}
		$jobs = array();
		foreach ( $args as $id ) {
			$job = $this->job( $id );
			if ( null === $job ) {
				WP_CLI::warning( sprintf( 'No job with id %s.', $id ) );
				continue;
			}
			$jobs[] = $job;
		}
		return $jobs;
	}

	/**
	 * @param list<Job>                          $jobs   Jobs.
	 * @param callable(Job): (Job|true|\WP_Error) $action What to do with each.
	 */
	private function each( array $jobs, string $verb, callable $action ): void {
		$done   = 0;
		$failed = 0;
		foreach ( $jobs as $job ) {
			$result = $action( $job );
			if ( is_wp_error( $result ) ) {
				++$failed;
				WP_CLI::warning( sprintf( '%s: %s', $job->public_id, $result->get_error_message() ) );
				continue;
			}
			++$done;
			WP_CLI::log( sprintf( '%s %s.', $job->public_id, $verb ) );
		}
		if ( $failed > 0 ) {
			WP_CLI::error( sprintf( '%d job(s) %s, %d refused.', $done, $verb, $failed ) );
		}
		WP_CLI::success( sprintf( '%d job(s) %s.', $done, $verb ) );
	}

	private function job( string $id ): ?Job {
		return wp_is_uuid( $id ) ? $this->repository->find_by_public_id( $id ) : null;
	}

	/**
	 * @return array<string, mixed>
	 */
	private function row( Job $job ): array {
		return array(
			'id'         => $job->public_id,
			'type'       => $job->type,
			'status'     => $job->status,
			'attempts'   => $job->attempts . '/' . $job->max_attempts,
			'progress'   => $job->progress,
			'user_id'    => $job->user_id,
			'post_id'    => $job->post_id,
			'created_at' => gmdate( 'Y-m-d H:i:s', $job->created_at ),
			'error'      => null === $job->error_code ? '' : $job->error_code . ': ' . $job->error_message,
		);
	}
}
