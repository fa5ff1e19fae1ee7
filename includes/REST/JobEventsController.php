<?php
/**
 * GET /iacp/v1/jobs/{id}/events: Server-Sent Events for one job — an event per change (status, progress, partial
 * output) until the job ends, comment heartbeats, and a bounded lifetime after which the client reconnects.
 * Clients that do not get the stream through (buffering proxies) fall back to polling GET /jobs/{id}.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\REST;

use IACP\Jobs\JobPresenter;
use IACP\Jobs\JobRepository;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Server;

final class JobEventsController extends WP_REST_Controller {

	private const POLL_MICROSECONDS = 250000;
	private const HEARTBEAT_SECONDS = 10;

	/** Seconds a stream leaves of PHP's time limit, to end its response cleanly. */
	private const TIME_LIMIT_MARGIN_SECONDS = 5;

	public function __construct(
		private readonly JobRepository $repository,
		private readonly JobPresenter $presenter,
		private readonly JobLookup $lookup
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
	 * Streams until the job ends, the lifetime is over, or the client goes away; then ends the request.
	 *
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function stream( WP_REST_Request $request ): WP_Error {
		$job = $this->lookup->visible_job( $request );
		if ( $job instanceof WP_Error ) {
			return $job;
		}
		$lifetime = self::within_time_limit( (int) $request['lifetime'] );
		$this->start_stream();

		$deadline       = microtime( true ) + $lifetime;
		$last_etag      = '';
		$last_heartbeat = microtime( true );
		echo "retry: 1000\n\n";
		while ( null !== $job ) {
			$etag = $this->presenter->etag( $job );
			if ( $etag !== $last_etag ) {
				$last_etag = $etag;
				$this->send( 'job', $this->presenter->present( $job ), $etag );
			}
			if ( $job->is_finished() ) {
				$this->send( 'end', array( 'status' => $job->status ) );
				break;
			}
			if ( microtime( true ) >= $deadline ) {
				$this->send( 'reconnect', array( 'after_ms' => 0 ) );
				break;
			}
			if ( microtime( true ) - $last_heartbeat >= self::HEARTBEAT_SECONDS ) {
				echo ": heartbeat\n\n";
				$last_heartbeat = microtime( true );
			}
			$this->flush();
			if ( connection_aborted() ) {
				break;
			}
			usleep( self::POLL_MICROSECONDS );
			$job = $this->repository->find_by_public_id( $job->public_id );
		}
		$this->flush();
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

	private function start_stream(): void {
		ignore_user_abort( false );
		while ( ob_get_level() > 0 ) {
			ob_end_clean();
		}
		header( 'Content-Type: text/event-stream; charset=utf-8', true );
		header( 'Cache-Control: no-cache, no-transform', true );
		// Tells nginx (and proxies that honour it) not to buffer the stream.
		header( 'X-Accel-Buffering: no', true );
		header_remove( 'Content-Length' );
	}

	/**
	 * @param array<string, mixed> $data Event payload.
	 */
	private function send( string $event, array $data, string $id = '' ): void {
		if ( '' !== $id ) {
			echo 'id: ' . esc_html( (string) preg_replace( '/[^A-Za-z0-9]/', '', $id ) ) . "\n";
		}
		echo 'event: ' . esc_html( $event ) . "\n";
		echo 'data: ' . wp_json_encode( $data ) . "\n\n"; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- JSON for an event stream, not HTML.
	}

	private function flush(): void {
		flush();
	}
}
