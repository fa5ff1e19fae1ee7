<?php
/**
 * POST /iacp/v1/jobs/{id}/cancel and /retry.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\REST;

use IACP\Jobs\JobPresenter;
use IACP\Jobs\JobQueue;
use IACP\Security\JobAdmission;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class JobActionsController extends WP_REST_Controller {

	public function __construct(
		private readonly JobQueue $queue,
		private readonly JobPresenter $presenter,
		private readonly JobAdmission $admission,
		private readonly JobLookup $lookup
	) {
		$this->namespace = Routes::NAMESPACE;
		$this->rest_base = 'jobs';
	}

	public function register_routes(): void {
		foreach ( array( 'cancel', 'retry' ) as $action ) {
			register_rest_route(
				$this->namespace,
				'/' . $this->rest_base . JobLookup::ROUTE . '/' . $action,
				array(
					'args'   => JobLookup::route_args(),
					array(
						'methods'             => WP_REST_Server::CREATABLE,
						'callback'            => array( $this, $action ),
						'permission_callback' => array( $this, 'action_permissions_check' ),
					),
					'schema' => array( $this, 'get_public_item_schema' ),
				)
			);
		}
	}

	/**
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return JobPresenter::schema();
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function action_permissions_check( WP_REST_Request $request ): true|WP_Error {
		$job = $this->lookup->visible_job( $request );
		return $job instanceof WP_Error ? $job : true;
	}

	/**
	 * Cancels a pending job at once, or asks a running one to stop (409 once it has finished).
	 *
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function cancel( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$job = $this->lookup->visible_job( $request );
		if ( $job instanceof WP_Error ) {
			return $job;
		}
		$cancelled = $this->queue->cancel( $job );
		return $cancelled instanceof WP_Error ? $cancelled : rest_ensure_response( $this->presenter->present( $cancelled ) );
	}

	/**
	 * Puts a failed, expired or cancelled job back in the queue (409 otherwise). Starting AI work again passes the
	 * same admission as a new job: the caller's capability and edit_post, the owner's limits (429 with Retry-After).
	 *
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function retry( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$job = $this->lookup->visible_job( $request );
		if ( $job instanceof WP_Error ) {
			return $job;
		}
		$retried = $this->queue->retry( $job, $this->admission->check( ... ) );
		if ( $retried instanceof WP_Error ) {
			return RetryAfter::for_error( $retried );
		}
		$response = rest_ensure_response( $this->presenter->present( $retried ) );
		$response->set_status( 202 );
		return $response;
	}
}
