<?php
/**
 * Can this site reach itself over HTTP (what the instant kick and WP-Cron need)? Asked rarely; cached 10 minutes.
 * It asks the address the kick posts to (InstantKick::url(): https when the site has it), so a site whose plain-http
 * loopback works but whose https one does not is not reported healthy. The answer is kept for that address only: a
 * site that moved (a new domain, a new port) is asked again.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

final class LoopbackProbe {

	private const TRANSIENT = 'iacp_loopback_ok';

	public function __construct( private readonly InstantKick $kick ) {}

	public function works(): bool {
		$url    = add_query_arg( 'action', KickEndpoint::PING_ACTION, $this->kick->url() );
		$cached = get_transient( self::TRANSIENT );
		if ( is_array( $cached ) && ( $cached['url'] ?? null ) === $url ) {
			return 'yes' === ( $cached['works'] ?? null );
		}
		$response = wp_remote_get(
			$url,
			array(
				'timeout'   => 5,
				/** This filter is documented in wp-includes/class-wp-http-streams.php */
				'sslverify' => apply_filters( 'https_local_ssl_verify', false ), // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's filter.
			)
		);
		$works    = ! is_wp_error( $response ) && 200 === wp_remote_retrieve_response_code( $response )
			&& str_contains( wp_remote_retrieve_body( $response ), KickEndpoint::PONG );
		set_transient(
			self::TRANSIENT,
			array(
				'url'   => $url,
				'works' => $works ? 'yes' : 'no',
			),
			10 * MINUTE_IN_SECONDS
		);
		return $works;
	}
}
