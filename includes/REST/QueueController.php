<?php
/**
 * GET /iacp/v1/queue (managers): queue health. POST /iacp/v1/queue/run: runs the worker for one budget — for hosts
 * that disable WP-Cron — allowed for managers and for a request carrying the site's runner secret, in one of the
 * runner slots the instant kick uses (`stop_reason: busy` when all are taken).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\REST;

use IACP\Queue\KickSlots;
use IACP\Queue\LoopbackProbe;
use IACP\Queue\QueueHealthNotice;
use IACP\Queue\QueueStats;
use IACP\Queue\Runner;
use IACP\Queue\RunnerBudget;
use IACP\Queue\RunnerSecret;
use IACP\Queue\RunSummary;
use IACP\Security\Capabilities;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class QueueController extends WP_REST_Controller {

	public const SECRET_HEADER = 'X-IACP-Runner-Secret';

	public function __construct(
		private readonly QueueStats $stats,
		private readonly LoopbackProbe $loopback,
		private readonly Runner $runner,
		private readonly RunnerSecret $secret,
		private readonly KickSlots $slots,
		private readonly QueueHealthNotice $health
	) {
		$this->namespace = Routes::NAMESPACE;
		$this->rest_base = 'queue';
	}

	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'get_item_permissions_check' ),
				),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/run',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'run' ),
					'permission_callback' => array( $this, 'run_permissions_check' ),
					'args'                => array(
						'time_limit' => array(
							'description' => __( 'Seconds the worker may run.', 'iacp' ),
							'type'        => 'integer',
							'minimum'     => 1,
							'maximum'     => 55,
							'default'     => 25,
						),
					),
				),
			)
		);
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function get_item_permissions_check( $request ): true|WP_Error {
		return Permission::check( current_user_can( Capabilities::MANAGE_JOBS ), __( 'You are not allowed to see the AI queue.', 'iacp' ) );
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function get_item( $request ): WP_REST_Response {
		$stats = $this->stats->snapshot();
		return rest_ensure_response(
			array(
				'counts'              => $stats['counts'],
				'oldest_pending_age'  => $stats['oldest_pending_age_seconds'],
				'jobs_per_minute'     => $stats['jobs_per_minute'],
				'failure_rate'        => $stats['failure_rate'],
				'window_minutes'      => $stats['window_minutes'],
				'completed_in_window' => $stats['completed_in_window'],
				'failed_in_window'    => $stats['failed_in_window'],
				'last_runner_seen'    => $stats['last_runner'],
				'tokens_today'        => $stats['tokens_today'],
				'cron_disabled'       => $stats['wp_cron_disabled'],
				'loopback_ok'         => $this->loopback->works(),
				'claim_strategy'      => $stats['claim_strategy'],
				'hourly'              => $this->stats->hourly(),
				'stall'               => $this->health->stall(),
			)
		);
	}

	/**
	 * Managers, or anyone presenting the runner secret (compared in constant time); nobody else.
	 *
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function run_permissions_check( $request ): true|WP_Error {
		$candidate = (string) $request->get_header( 'x_iacp_runner_secret' );
		if ( '' !== $candidate ) {
			return $this->secret->verify( $candidate )
				? true
				: new WP_Error( 'iacp_bad_runner_secret', __( 'The runner secret is wrong.', 'iacp' ), array( 'status' => 403 ) );
		}
		return $this->get_item_permissions_check( $request );
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function run( $request ): WP_REST_Response {
		$budget = RunnerBudget::for_request( (int) $request['time_limit'], 'rest' );
		// The same few slots as the instant kick: no caller can hold more web workers than the kick may.
		$slot = $this->slots->acquire( (int) ceil( $budget->time_limit ) + 60 );
		if ( null === $slot ) {
			// Not an error: enough runners are working the queue (a cron line with `curl -f` stays quiet).
			return rest_ensure_response( RunSummary::busy()->to_array() );
		}
		// Also when a job ends this request (memory, max_execution_time): the next runner must not wait out the slot.
		register_shutdown_function( array( $this->slots, 'release' ), $slot );
		try {
			$summary = $this->runner->run( $budget );
		} finally {
			$this->slots->release( $slot );
		}
		return rest_ensure_response( $summary->to_array() );
	}
}
