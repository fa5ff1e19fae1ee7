<?php
/**
 * /iacp/v1/jobs: start a job, list jobs, read one, delete a finished one.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\REST;

use IACP\Jobs\EnqueueOptions;
use IACP\Jobs\Job;
use IACP\Jobs\JobPresenter;
use IACP\Jobs\JobQueue;
use IACP\Jobs\JobRepository;
use IACP\Jobs\JobStatus;
use IACP\Security\JobAccess;
use IACP\Security\JobAdmission;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class JobsController extends WP_REST_Controller {

	/** Largest request body accepted when starting a job. */
	public const MAX_BODY_BYTES = 65536;

	public function __construct(
		private readonly JobQueue $queue,
		private readonly JobRepository $repository,
		private readonly JobPresenter $presenter,
		private readonly JobAccess $access,
		private readonly JobLookup $lookup,
		private readonly JobAdmission $admission
	) {
		$this->namespace = Routes::NAMESPACE;
		$this->rest_base = 'jobs';
	}

	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_items' ),
					'permission_callback' => array( $this, 'get_items_permissions_check' ),
					'args'                => $this->get_collection_params(),
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_item' ),
					'permission_callback' => array( $this, 'create_item_permissions_check' ),
					'args'                => $this->create_args(),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . JobLookup::ROUTE,
			array(
				'args'   => JobLookup::route_args(),
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'get_item_permissions_check' ),
					'args'                => array( 'context' => $this->get_context_param( array( 'default' => 'view' ) ) ),
				),
				array(
					'methods'             => WP_REST_Server::DELETABLE,
					'callback'            => array( $this, 'delete_item' ),
					'permission_callback' => array( $this, 'delete_item_permissions_check' ),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
	}

	/**
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		if ( ! $this->schema ) {
			$this->schema = JobPresenter::schema();
		}
		return $this->add_additional_fields_schema( $this->schema );
	}

	/**
	 * @return array<string, array<string, mixed>>
	 */
	private function create_args(): array {
		return array(
			'type'     => array(
				'description' => __( 'Job type, such as text, image or post_field.', 'iacp' ),
				'type'        => 'string',
				'required'    => true,
				'pattern'     => '^[a-z0-9_-]{1,64}$',
			),
			'input'    => array(
				'description' => __( 'The job’s input; its shape depends on the type.', 'iacp' ),
				'type'        => 'object',
				'required'    => true,
			),
			'post_id'  => array(
				'description' => __( 'The post the job works for.', 'iacp' ),
				'type'        => 'integer',
				'minimum'     => 1,
			),
			'priority' => array(
				'description' => __( 'Lower runs first (default 10). Only users who manage AI jobs may ask for less than 10; other requests are raised to 10.', 'iacp' ),
				'type'        => 'integer',
				'minimum'     => -100,
				'maximum'     => 100,
			),
		);
	}

	/**
	 * @return array<string, array<string, mixed>>
	 */
	public function get_collection_params(): array {
		return array(
			'context'  => $this->get_context_param( array( 'default' => 'view' ) ),
			'page'     => array(
				'type'    => 'integer',
				'default' => 1,
				'minimum' => 1,
			),
			'per_page' => array(
				'type'    => 'integer',
				'default' => 20,
				'minimum' => 1,
				'maximum' => 100,
			),
			'status'   => array(
				'description' => __( 'Only jobs with these statuses.', 'iacp' ),
				'type'        => 'array',
				'items'       => array(
					'type' => 'string',
					'enum' => JobStatus::ALL,
				),
			),
			'type'     => array(
				'type'    => 'string',
				'pattern' => '^[a-z0-9_-]{1,64}$',
			),
			'post_id'  => array(
				'type'    => 'integer',
				'minimum' => 1,
			),
			'user'     => array(
				'description' => __( 'Only jobs of this user (managers only).', 'iacp' ),
				'type'        => 'integer',
				'minimum'     => 1,
			),
			'search'   => array(
				'type'      => 'string',
				'maxLength' => 200,
			),
			'after'    => array(
				'type'   => 'string',
				'format' => 'date-time',
			),
			'before'   => array(
				'type'   => 'string',
				'format' => 'date-time',
			),
		);
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function get_items_permissions_check( $request ): true|WP_Error {
		$allowed = Permission::check( $this->access->can_use_jobs(), __( 'You are not allowed to use AI jobs.', 'iacp' ) );
		if ( $allowed instanceof WP_Error ) {
			return $allowed;
		}
		if ( null !== $request['user'] && (int) $request['user'] !== get_current_user_id() && ! $this->access->can_manage() ) {
			return new WP_Error( 'rest_forbidden_param', __( 'Only managers may list other users’ jobs.', 'iacp' ), array( 'status' => 403 ) );
		}
		if ( null !== $request['post_id'] && ! $this->access->can_see_jobs_of_post( (int) $request['post_id'] ) ) {
			return new WP_Error( 'rest_forbidden_param', __( 'You are not allowed to edit this post.', 'iacp' ), array( 'status' => 403 ) );
		}
		return true;
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function get_items( $request ): WP_REST_Response {
		$filters  = array_filter(
			array(
				'status'  => $request['status'],
				'type'    => $request['type'],
				'post_id' => $request['post_id'],
				'user_id' => $this->access->can_manage() ? $request['user'] : get_current_user_id(),
				'search'  => $request['search'],
				'after'   => null !== $request['after'] ? (int) strtotime( (string) $request['after'] ) : null,
				'before'  => null !== $request['before'] ? (int) strtotime( (string) $request['before'] ) : null,
			),
			static fn( $value ) => null !== $value && '' !== $value && array() !== $value
		);
		$page     = (int) $request['page'];
		$per_page = (int) $request['per_page'];
		$found    = $this->repository->query( $filters, $page, $per_page );
		// One query for the page's users and one for its posts, before each job's access check and references.
		$this->presenter->prime( $found['jobs'] );

		$items = array();
		foreach ( $found['jobs'] as $job ) {
			// A job for a post the caller can no longer edit stays hidden, as on the single-job route.
			if ( $this->access->can_see( $job ) ) {
				$items[] = $this->prepare_response_for_collection( $this->prepare_item_for_response( $job, $request ) );
			}
		}
		$response = rest_ensure_response( $items );
		$response->header( 'X-WP-Total', (string) $found['total'] );
		$response->header( 'X-WP-TotalPages', (string) max( 1, (int) ceil( $found['total'] / $per_page ) ) );
		return $response;
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function get_item_permissions_check( $request ): true|WP_Error {
		$job = $this->lookup->visible_job( $request );
		return $job instanceof WP_Error ? $job : true;
	}

	/**
	 * One job, with an ETag; a matching If-None-Match gets 304 and no body.
	 *
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function get_item( $request ): WP_REST_Response|WP_Error {
		$job = $this->lookup->visible_job( $request );
		if ( $job instanceof WP_Error ) {
			return $job;
		}
		$response = $this->prepare_item_for_response( $job, $request );
		$etag     = $this->presenter->etag( $job );
		$response->header( 'ETag', $etag );
		$response->header( 'Cache-Control', 'private, no-cache' );
		$if_none_match = (string) $request->get_header( 'if_none_match' );
		if ( '' !== $if_none_match && in_array( $etag, array_map( 'trim', explode( ',', $if_none_match ) ), true ) ) {
			$not_modified = new WP_REST_Response( null, 304 );
			$not_modified->header( 'ETag', $etag );
			$not_modified->header( 'Cache-Control', 'private, no-cache' );
			return $not_modified;
		}
		return $response;
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function create_item_permissions_check( $request ): true|WP_Error {
		return Permission::check( $this->access->can_use_jobs(), __( 'You are not allowed to start AI jobs.', 'iacp' ) );
	}

	/**
	 * Starts a job: 202 with a Location header; with a known Idempotency-Key, 200 and the original job. What the
	 * job may be is JobQueue::enqueue()'s decision; this adds who may start it (JobAdmission: the capability, the
	 * post and, unless it is a replay, the per-user limits) and the HTTP around it.
	 *
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function create_item( $request ): WP_REST_Response|WP_Error {
		$request_error = $this->check_request_shape( $request );
		if ( $request_error instanceof WP_Error ) {
			return $request_error;
		}
		$key     = trim( (string) $request->get_header( 'idempotency_key' ) );
		$options = array_filter(
			array(
				'user_id'         => get_current_user_id(),
				'post_id'         => null !== $request['post_id'] ? (int) $request['post_id'] : null,
				'priority'        => null !== $request['priority'] ? $this->access->allowed_priority( (int) $request['priority'] ) : null,
				'idempotency_key' => '' !== $key ? $key : null,
			),
			static fn( $value ) => null !== $value
		);
		$result  = $this->queue->enqueue( (string) $request['type'], (array) $request['input'], $options, $this->admission->check( ... ) );
		if ( $result instanceof WP_Error ) {
			return RetryAfter::for_error( $result );
		}
		$response = $this->prepare_item_for_response( $result->job, $request );
		if ( $result->created ) {
			$response->set_status( 202 );
			$response->header( 'Location', rest_url( sprintf( '%s/%s/%s', $this->namespace, $this->rest_base, $result->job->public_id ) ) );
		}
		return $response;
	}

	/**
	 * JSON only, within the size limit, with a well-formed Idempotency-Key.
	 *
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	private function check_request_shape( WP_REST_Request $request ): true|WP_Error {
		if ( strlen( $request->get_body() ) > self::MAX_BODY_BYTES ) {
			return new WP_Error( 'iacp_body_too_large', __( 'The request is too large.', 'iacp' ), array( 'status' => 413 ) );
		}
		$content_type = $request->get_content_type();
		if ( null === $content_type || 'application/json' !== $content_type['value'] ) {
			return new WP_Error( 'iacp_json_required', __( 'Send the job as JSON (Content-Type: application/json).', 'iacp' ), array( 'status' => 400 ) );
		}
		$key = (string) $request->get_header( 'idempotency_key' );
		if ( '' !== $key && 1 !== preg_match( '/^[\x21-\x7e]{1,191}$/', $key ) ) {
			return new WP_Error(
				'iacp_invalid_idempotency_key',
				__( 'The Idempotency-Key header must be 1 to 191 visible ASCII characters.', 'iacp' ),
				array(
					'status' => 400,
					'field'  => 'Idempotency-Key',
				)
			);
		}
		return true;
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function delete_item_permissions_check( $request ): true|WP_Error {
		return $this->get_item_permissions_check( $request );
	}

	/**
	 * Deletes a finished job (409 while it is pending or running).
	 *
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function delete_item( $request ): WP_REST_Response|WP_Error {
		$job = $this->lookup->visible_job( $request );
		if ( $job instanceof WP_Error ) {
			return $job;
		}
		$previous = $this->prepare_item_for_response( $job, $request )->get_data();
		$deleted  = $this->queue->delete( $job );
		if ( $deleted instanceof WP_Error ) {
			return $deleted;
		}
		return rest_ensure_response(
			array(
				'deleted'  => true,
				'previous' => $previous,
			)
		);
	}

	/**
	 * @param Job                                   $item    The job.
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function prepare_item_for_response( $item, $request ): WP_REST_Response {
		$data = $this->presenter->present( $item );
		$data = $this->add_additional_fields_to_object( $data, $request );
		$data = $this->filter_response_by_context( $data, $request['context'] ?? 'view' );
		return rest_ensure_response( $data );
	}
}
