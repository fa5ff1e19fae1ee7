<?php
/**
 * Finds the job a route names and answers 404 — the same for "no such job" and "not yours" — when the caller may not
 * see it. Each request reads the job once.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\REST;

use IACP\Jobs\Job;
use IACP\Jobs\JobRepository;
use IACP\Security\JobAccess;
use WP_Error;
use WP_REST_Request;

final class JobLookup {

	private const UUID = '/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/';

	/** The route pattern of one job, after /jobs: any id gets through to look_up(), which answers 404 for a bad one. */
	public const ROUTE = '/(?P<id>[^/]+)';

	/** @var \WeakMap<WP_REST_Request, Job|WP_Error> Lookups already made for a request. */
	private \WeakMap $seen;

	/**
	 * @param JobRepository $repository Reads jobs.
	 * @param JobAccess     $access     Decides who sees what.
	 */
	public function __construct(
		private readonly JobRepository $repository,
		private readonly JobAccess $access
	) {
		$this->seen = new \WeakMap();
	}

	/**
	 * The `id` route argument, as every route of one job declares it.
	 *
	 * @return array<string, array<string, string>>
	 */
	public static function route_args(): array {
		return array(
			'id' => array(
				'description' => __( 'The job’s public id (a UUID).', 'iacp' ),
				'type'        => 'string',
			),
		);
	}

	/**
	 * The job named by the request's `id`, when the current user may see it.
	 *
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function visible_job( WP_REST_Request $request ): Job|WP_Error {
		if ( ! isset( $this->seen[ $request ] ) ) {
			$this->seen[ $request ] = $this->visible_by_id( (string) $request['id'] );
		}
		return $this->seen[ $request ];
	}

	/**
	 * The job with this public id, when the current user may see it (the REST routes and the abilities alike).
	 */
	public function visible_by_id( string $id ): Job|WP_Error {
		$id      = strtolower( $id );
		$allowed = Permission::check( $this->access->can_use_jobs(), __( 'You are not allowed to use AI jobs.', 'iacp' ) );
		if ( $allowed instanceof WP_Error ) {
			return $allowed;
		}
		$job = 1 === preg_match( self::UUID, $id ) ? $this->repository->find_by_public_id( $id ) : null;
		if ( null === $job || ! $this->access->can_see( $job ) ) {
			return new WP_Error( 'iacp_job_not_found', __( 'No such AI job.', 'iacp' ), array( 'status' => 404 ) );
		}
		return $job;
	}
}
