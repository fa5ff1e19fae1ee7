<?php
/**
 * GET /iacp/v1/jobs/{id}/events: Server-Sent Events for one job — an event per change (status, progress, partial
 * output) until the job ends, comment heartbeats, and a bounded lifetime after which the client reconnects.
 * Each open stream holds a PHP worker, so a few per user and a few per site (StreamSlots): beyond that, 429 with
 * Retry-After, and the client polls GET /jobs/{id} instead — as it does when a proxy buffers the stream.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\REST;

use IACP\Security\StreamSlots;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class JobEventsController extends WP_REST_Controller {

	/** Seconds past its lifetime a stream's slots are held at most (PHP's time limit ends the request by then). */
	private const GRACE_SECONDS = 15;

	/** Seconds a stream leaves of PHP's time limit, to end its response cleanly. */
	private const TIME_LIMIT_MARGIN_SECONDS = 5;

	public function __construct(
		private readonly JobEventStream $stream,
		private readonly JobLookup $lookup,
		private readonly StreamSlots $slots
	) {
		$this->namespace = Routes::NAMESPACE;
		$this->rest_base = 'jobs';
	}

	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . JobLookup::ROUTE . '/events',
			array(
				'args' => JobLookup::route_args(),
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'stream' ),
					'permission_callback' => array( $this, 'stream_permissions_check' ),
					'args'                => array(
						'lifetime' => array(
							'description' => __( 'Seconds before the server ends the stream and the client reconnects.', 'iacp' ),
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
	public function stream_permissions_check( WP_REST_Request $request ): true|WP_Error {
		$job = $this->lookup->visible_job( $request );
		return $job instanceof WP_Error ? $job : true;
	}

	/**
	 * Streams until the job ends, the lifetime is over, access is lost or the client goes away; then ends the
	 * request. Without a free slot: 429 and Retry-After (a stream's lifetime).
	 *
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function stream( WP_REST_Request $request ): WP_Error|WP_REST_Response {
		$job = $this->lookup->visible_job( $request );
		if ( $job instanceof WP_Error ) {
			return $job;
		}
		$lifetime = self::within_time_limit( (int) $request['lifetime'] );
		$slots    = $this->slots->open( get_current_user_id(), $lifetime + self::GRACE_SECONDS );
		if ( null === $slots ) {
			return RetryAfter::for_error(
				new WP_Error(
					'iacp_too_many_streams',
					__( 'Too many live views of AI jobs are open; this one is followed by polling.', 'iacp' ),
					array(
						'status'      => 429,
						'retry_after' => $lifetime,
					)
				)
			);
		}
		// Also when PHP stops the script because the client left (it does so at the next write).
		register_shutdown_function( array( $this->slots, 'close' ), $slots );

		$sink = new SseSink();
		$sink->start();
		$this->stream->run( $job, $lifetime, $sink );
		exit;
	}

	/**
	 * A stream ends before PHP's max_execution_time would cut it off (the host's limit is kept, not raised): the client
	 * reconnects on `reconnect`, never on a broken response.
	 */
	public static function within_time_limit( int $lifetime ): int {
		$limit = (int) ini_get( 'max_execution_time' );
		if ( $limit <= 0 ) {
			return $lifetime;
		}
		return max( 1, min( $lifetime, $limit - (int) ceil( timer_float() ) - self::TIME_LIMIT_MARGIN_SECONDS ) );
	}
}
