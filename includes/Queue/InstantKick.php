<?php
/**
 * Starts a runner right after a job is enqueued: a non-blocking loopback POST to this site's admin-ajax.php
 * carrying the runner secret. If the loopback fails, WP-Cron still picks the job up within a minute or so.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

final class InstantKick {

	public const ACTION = 'iacp_run_queue';

	/** A kick sent within this many seconds makes later ones redundant (that runner polls for a moment). */
	private const THROTTLE_TRANSIENT = 'iacp_kick_throttle';
	private const THROTTLE_SECONDS   = 1;

	/** Long enough to connect to this site and send the kick (a TLS handshake too), not to wait for its answer. */
	private const SEND_MS     = 100;
	private const SEND_TLS_MS = 500;

	public function __construct( private readonly RunnerSecret $secret ) {}

	public function url(): string {
		// The kick carries the runner secret: over https whenever the site has it, even from a plain-http request or CLI.
		$scheme = $this->site_has_https() ? 'https' : 'admin';
		/**
		 * Filters the URL the instant kick posts to.
		 *
		 * @param string $url admin-ajax.php of this site.
		 */
		return (string) apply_filters( 'iacp_kick_url', admin_url( 'admin-ajax.php', $scheme ) );
	}

	/**
	 * Whether this site is served over https: its address says so, admin is forced to https, or this request came so.
	 */
	private function site_has_https(): bool {
		return wp_is_site_url_using_https() || force_ssl_admin() || is_ssl();
	}

	/**
	 * Sends the kick unless one was just sent or kicks are turned off. Returns whether it was sent.
	 */
	public function kick(): bool {
		/**
		 * Filters whether enqueueing a job starts a runner at once through a loopback request.
		 *
		 * @param bool $enabled Default true.
		 */
		if ( ! apply_filters( 'iacp_instant_kick', true ) || false !== get_transient( self::THROTTLE_TRANSIENT ) ) {
			return false;
		}
		set_transient( self::THROTTLE_TRANSIENT, time(), self::THROTTLE_SECONDS );
		return $this->send();
	}

	/**
	 * A kick from a kick runner, whatever the throttle: to bring in a second runner while a backlog waits, or a
	 * fresh one when its own time is up (the kick slots still bound how many run).
	 */
	public function hand_on(): bool {
		/** This filter is documented in InstantKick::kick(). */
		return apply_filters( 'iacp_instant_kick', true ) && $this->send();
	}

	private function send(): bool {
		$url     = $this->url();
		$marker  = wp_generate_uuid4();
		$send_ms = str_starts_with( $url, 'https:' ) ? self::SEND_TLS_MS : self::SEND_MS;
		// Requests never waits less than a second; a kick only has to be sent, not answered (the endpoint answers
		// once WordPress has loaded, 0.1–0.3 s later), so this request's own handle gives up sooner.
		$hurry = static function ( $handle, $args ) use ( $marker, $send_ms ): void {
			if ( is_array( $args ) && ( $args['iacp_kick'] ?? null ) === $marker && $handle instanceof \CurlHandle ) {
				curl_setopt( $handle, CURLOPT_NOSIGNAL, true ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt
				curl_setopt( $handle, CURLOPT_TIMEOUT_MS, $send_ms ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt
			}
		};
		add_action( 'http_api_curl', $hurry, 10, 2 );
		$response = wp_remote_post(
			$url,
			array(
				'blocking'  => false,
				'timeout'   => 0.01,
				'iacp_kick' => $marker,
				/** This filter is documented in wp-includes/class-wp-http-streams.php */
				'sslverify' => apply_filters( 'https_local_ssl_verify', false ), // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's filter.
				'body'      => array(
					'action' => self::ACTION,
					'secret' => $this->secret->get(),
				),
			)
		);
		remove_action( 'http_api_curl', $hurry, 10 );
		return ! is_wp_error( $response );
	}

	/**
	 * Forgets the throttle (tests, and the health check's probe).
	 */
	public function reset_throttle(): void {
		delete_transient( self::THROTTLE_TRANSIENT );
	}
}
