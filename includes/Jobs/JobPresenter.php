<?php
/**
 * The one public representation of a job, used by iacp_get_job(), the REST API and WP-CLI's JSON output.
 * The numeric key never leaves the server: `id` is the public UUID. `user` and `post` name the job's owner and post
 * as the reader may see them (JobReferences).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

use IACP\Security\Capabilities;
use IACP\Security\ErrorRedaction;

final class JobPresenter {

	public function __construct( private readonly JobReferences $references = new JobReferences() ) {}

	/**
	 * Loads the users and posts a page of jobs names, so presenting each costs no query of its own.
	 *
	 * @param list<Job> $jobs Jobs about to be presented.
	 */
	public function prime( array $jobs ): void {
		$this->references->prime( $jobs );
	}

	/**
	 * @param bool|null $full_detail Whether the log's technical detail is included; null: when the current user
	 *                               manages jobs. Owners get error text without server paths and no detail.
	 * @return array<string, mixed>
	 */
	public function present( Job $job, ?bool $full_detail = null ): array {
		$full      = $full_detail ?? current_user_can( Capabilities::MANAGE_JOBS );
		$finished  = $job->is_finished();
		$completed = JobStatus::COMPLETED === $job->status;
		$elapsed   = $this->elapsed_ms( $job );
		$refs      = $this->references->for_job( $job );
		return array(
			'id'               => $job->public_id,
			'type'             => $job->type,
			'status'           => $job->status,
			'user_id'          => $job->user_id,
			'post_id'          => $job->post_id,
			'user'             => $refs['user'],
			'post'             => $refs['post'],
			'priority'         => $job->priority,
			'progress'         => $job->progress,
			'stage'            => $job->stage,
			'partial_output'   => $job->partial_output,
			'attempts'         => $job->attempts,
			'max_attempts'     => $job->max_attempts,
			'input'            => (object) $job->input,
			'result'           => $completed && null !== $job->result ? (object) $job->result : null,
			'checkpoint'       => ! $completed && null !== $job->result ? (object) $job->result : null,
			'error'            => null === $job->error_code ? null : array(
				'code'    => $job->error_code,
				'message' => $full ? (string) $job->error_message : ErrorRedaction::without_paths( (string) $job->error_message ),
			),
			'cancel_requested' => $job->cancel_requested,
			'tokens'           => array(
				'prompt'     => $job->prompt_tokens,
				'completion' => $job->completion_tokens,
				'total'      => $job->prompt_tokens + $job->completion_tokens,
			),
			'created_at'       => $this->date( $job->created_at ),
			'started_at'       => $this->date( $job->started_at ),
			'finished_at'      => $this->date( $job->finished_at ),
			'available_at'     => $this->date( $job->available_at ),
			'expires_at'       => $this->date( $job->expires_at ),
			'updated_at'       => $this->date( $job->updated_at ),
			'elapsed_ms'       => $elapsed,
			'poll_after_ms'    => $finished ? null : self::poll_after_ms( $elapsed ),
			'log'              => array_map(
				fn( array $entry ): array => array(
					'time'    => $this->date( (int) ( $entry['time'] ?? 0 ) ),
					'attempt' => (int) ( $entry['attempt'] ?? 0 ),
					'message' => (string) ( $entry['message'] ?? '' ),
					'data'    => (object) $this->log_data( $entry, $full ),
				),
				$job->log
			),
		);
	}

	/**
	 * A weak ETag of present()'s answer: changes whenever anything a client shows changes; elapsed time alone does
	 * not count. The view is part of it — a manager's answer (with the error detail) and an owner's differ, so a
	 * cache shared between them never serves one the other's. GET /jobs/{id} answers 304 to it, and the event
	 * stream sends an event only when it changes.
	 *
	 * @param bool|null $full_detail As for present().
	 */
	public function etag( Job $job, ?bool $full_detail = null ): string {
		$view = ( $full_detail ?? current_user_can( Capabilities::MANAGE_JOBS ) ) ? 'full' : 'owner';
		return 'W/"' . md5( implode( '|', array( $job->public_id, $job->status, $job->updated_at, $job->progress, (string) $job->stage, md5( (string) $job->partial_output ), $job->attempts, (int) $job->cancel_requested, $view ) ) ) . '"';
	}

	/**
	 * How long a client should wait before asking again: often at first, rarely for long jobs.
	 */
	public static function poll_after_ms( int $elapsed_ms ): int {
		return match ( true ) {
			$elapsed_ms < 5000   => 500,
			$elapsed_ms < 30000  => 1000,
			$elapsed_ms < 120000 => 2000,
			default              => 5000,
		};
	}

	/**
	 * JSON Schema of present()'s output, for the REST controllers.
	 *
	 * @return array<string, mixed>
	 */
	public static function schema(): array {
		$view     = array( 'view', 'edit' );
		$date     = array(
			'type'     => array( 'string', 'null' ),
			'format'   => 'date-time',
			'context'  => $view,
			'readonly' => true,
		);
		$property = static fn( string|array $type, string $description, array $extra = array() ): array => array_merge(
			array(
				'type'        => $type,
				'description' => $description,
				'context'     => $view,
				'readonly'    => true,
			),
			$extra
		);
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'iacp-job',
			'type'       => 'object',
			'properties' => array(
				'id'               => $property( 'string', __( 'Public job id (UUID).', 'iacp' ), array( 'format' => 'uuid' ) ),
				'type'             => $property( 'string', __( 'Job type.', 'iacp' ) ),
				'status'           => $property( 'string', __( 'Job status.', 'iacp' ), array( 'enum' => JobStatus::ALL ) ),
				'user_id'          => $property( 'integer', __( 'User who started the job.', 'iacp' ) ),
				'post_id'          => $property( array( 'integer', 'null' ), __( 'Post the job belongs to.', 'iacp' ) ),
				'user'             => JobReferences::schema()['user'],
				'post'             => JobReferences::schema()['post'],
				'priority'         => $property( 'integer', __( 'Lower runs first.', 'iacp' ) ),
				'progress'         => $property(
					'integer',
					__( 'Percent done.', 'iacp' ),
					array(
						'minimum' => 0,
						'maximum' => 100,
					)
				),
				'stage'            => $property( array( 'string', 'null' ), __( 'What the job is doing, in words.', 'iacp' ) ),
				'partial_output'   => $property( array( 'string', 'null' ), __( 'Output so far while the job runs.', 'iacp' ) ),
				'attempts'         => $property( 'integer', __( 'Attempts started.', 'iacp' ) ),
				'max_attempts'     => $property( 'integer', __( 'Attempts allowed.', 'iacp' ) ),
				'input'            => $property( 'object', __( 'Validated input.', 'iacp' ) ),
				'result'           => $property( array( 'object', 'null' ), __( 'Result, once completed.', 'iacp' ) ),
				'checkpoint'       => $property( array( 'object', 'null' ), __( 'Results saved so far while not completed.', 'iacp' ) ),
				'error'            => $property(
					array( 'object', 'null' ),
					__( 'Last error.', 'iacp' ),
					array(
						'properties' => array(
							'code'    => array( 'type' => 'string' ),
							'message' => array( 'type' => 'string' ),
						),
					)
				),
				'cancel_requested' => $property( 'boolean', __( 'A cancel was asked for while running.', 'iacp' ) ),
				'tokens'           => $property(
					'object',
					__( 'AI tokens used.', 'iacp' ),
					array(
						'properties' => array(
							'prompt'     => array( 'type' => 'integer' ),
							'completion' => array( 'type' => 'integer' ),
							'total'      => array( 'type' => 'integer' ),
						),
					)
				),
				'created_at'       => $date,
				'started_at'       => $date,
				'finished_at'      => $date,
				'available_at'     => $date,
				'expires_at'       => $date,
				'updated_at'       => $date,
				'elapsed_ms'       => $property( 'integer', __( 'Milliseconds since start (or creation while pending) until finish or now.', 'iacp' ) ),
				'poll_after_ms'    => $property( array( 'integer', 'null' ), __( 'Suggested wait before polling again; null once finished.', 'iacp' ) ),
				'log'              => $property(
					'array',
					__( 'Recent log entries.', 'iacp' ),
					array(
						'items' => array(
							'type'       => 'object',
							'properties' => array(
								'time'    => array(
									'type'   => 'string',
									'format' => 'date-time',
								),
								'attempt' => array( 'type' => 'integer' ),
								'message' => array( 'type' => 'string' ),
								'data'    => array( 'type' => 'object' ),
							),
						),
					)
				),
			),
		);
	}

	/**
	 * A log entry's data; for owners without the managers-only detail and without server paths.
	 *
	 * @param array<string, mixed> $entry Log entry.
	 * @return array<string, mixed>
	 */
	private function log_data( array $entry, bool $full ): array {
		$data = is_array( $entry['data'] ?? null ) ? $entry['data'] : array();
		if ( $full ) {
			return $data;
		}
		unset( $data[ JobLog::DETAIL ] );
		return array_map( static fn( $value ) => is_string( $value ) ? ErrorRedaction::without_paths( $value ) : $value, $data );
	}

	private function elapsed_ms( Job $job ): int {
		$from = $job->started_at ?? $job->created_at;
		$to   = null !== $job->finished_at ? (float) $job->finished_at : microtime( true );
		return max( 0, (int) round( ( $to - $from ) * 1000 ) );
	}

	private function date( ?int $timestamp ): ?string {
		return null === $timestamp || $timestamp <= 0 ? null : gmdate( 'c', $timestamp );
	}
}
