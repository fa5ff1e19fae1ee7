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
		private readonly KickSlots $slots,
		private readonly InstantKick $kick,
		private readonly JobClaimer $claimer
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
		/**
		 * Filters whether the kick answers before it runs the queue (true: the request that sent it is never held).
		 *
		 * @param bool $early Answer at once.
		 */
		if ( apply_filters( 'iacp_kick_answer_early', true ) ) {
			$this->answer_now();
		}
		$types = $this->runner->claimable_types( $budget );
		// More work than one runner: bring in another while a kick slot is free (a kick that finds none stops).
		if ( $this->claimer->has_ready( $types, 2 ) ) {
			$this->kick->hand_on();
		}
		$summary = $this->runner->run( $budget );
		// Freed now, so a runner handed on below finds it (the shutdown handler's release then finds nothing to do).
		$this->slots->release( $slot );
		// Out of time with work left: a fresh runner takes over, instead of the work waiting for WP-Cron.
		if ( RunSummary::STOP_TIME === $summary->stop_reason && $this->claimer->has_ready( $types, 1 ) ) {
			$this->kick->hand_on();
		}
		wp_die( '', '', array( 'response' => 200 ) );
	}

	/**
	 * Ends the HTTP answer before the run, so the request that sent the kick is not held: its HTTP client waits
	 * at least a second for an answer (Requests' minimum timeout), which every enqueue would otherwise pay on
	 * servers without fastcgi_finish_request() (mod_php, PHP's built-in server).
	 */
	private function answer_now(): void {
		if ( function_exists( 'fastcgi_finish_request' ) ) {
			fastcgi_finish_request();
			return;
		}
		while ( ob_get_level() > 0 ) {
			ob_end_clean();
		}
		if ( ! headers_sent() ) {
			status_header( 200 );
			header( 'Connection: close' );
			header( 'Content-Length: 0' );
		}
		flush();
	}

	public function ping(): void {
		wp_die( esc_html( self::PONG ), '', array( 'response' => 200 ) );
	}
}
