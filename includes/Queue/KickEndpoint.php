<?php
/**
 * Receives the instant kick on admin-ajax.php (action iacp_run_queue): with the runner secret it runs the queue
 * for a short budget after the caller has gone; anyone else gets a 403 and nothing happens.
 * Also answers the health check's loopback ping (action iacp_ping).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Service;

final class KickEndpoint implements Service {

	public const PING_ACTION = 'iacp_ping';
	public const PONG        = 'iacp-pong';

	public function __construct(
		private readonly Runner $runner,
		private readonly RunnerSecret $secret,
		private readonly KickSlots $slots
	) {}

	public function register(): void {
		add_action( 'wp_ajax_nopriv_' . InstantKick::ACTION, array( $this, 'handle' ) );
		add_action( 'wp_ajax_' . InstantKick::ACTION, array( $this, 'handle' ) );
		add_action( 'wp_ajax_nopriv_' . self::PING_ACTION, array( $this, 'ping' ) );
		add_action( 'wp_ajax_' . self::PING_ACTION, array( $this, 'ping' ) );
	}

	public function handle(): void {
		// Authenticated by the site secret, not a nonce: the loopback request carries no cookies.
		$candidate = isset( $_POST['secret'] ) && is_string( $_POST['secret'] ) ? sanitize_text_field( wp_unslash( $_POST['secret'] ) ) : ''; // phpcs:ignore WordPress.Security.NonceVerification.Missing -- the loopback request has no session for a nonce: the site secret authenticates it (above).
		if ( ! $this->secret->verify( $candidate ) ) {
			wp_die( '', '', array( 'response' => 403 ) );
		}
		$budget = RunnerBudget::for_kick();
		$slot   = $this->slots->acquire( (int) ceil( $budget->time_limit ) + 60 );
		if ( null === $slot ) {
			wp_die( 'busy', '', array( 'response' => 200 ) );
		}
		ignore_user_abort( true );
		// Also when a job ends this request (memory, max_execution_time): the next kick must not wait out the slot.
		register_shutdown_function( array( $this->slots, 'release' ), $slot );
		if ( function_exists( 'fastcgi_finish_request' ) ) {
			fastcgi_finish_request();
		}
		$this->runner->run( $budget );
		wp_die( '', '', array( 'response' => 200 ) );
	}

	public function ping(): void {
		wp_die( esc_html( self::PONG ), '', array( 'response' => 200 ) );
	}
}
