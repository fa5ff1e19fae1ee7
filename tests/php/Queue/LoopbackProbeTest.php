<?php
/**
 * The loopback probe asks what the instant kick uses: on a site with an https address, reached from a plain-http
 * request (or cron, or WP-CLI), both go to the same https URL — a probe over http would call a broken https kick
 * healthy.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

use IACP\Queue\KickEndpoint;
use IACP\Queue\LoopbackProbe;

final class LoopbackProbeTest extends QueueTestCase {

	public function test_the_probe_goes_where_the_kick_goes(): void {
		$site  = (string) get_option( 'siteurl' );
		$host  = (string) wp_parse_url( $site, PHP_URL_HOST ) . ':' . (string) wp_parse_url( $site, PHP_URL_PORT );
		$https = static fn(): string => 'https://' . $host;
		$sent  = array();
		// Records where each loopback request would go, and answers the probe as a working site would.
		$capture = static function ( $pre, array $args, string $url ) use ( &$sent ) {
			$sent[] = strtok( $url, '?' );
			return self::pong();
		};
		add_filter( 'pre_option_siteurl', $https );
		add_filter( 'pre_http_request', $capture, 10, 3 );
		remove_filter( 'iacp_instant_kick', '__return_false' );
		delete_transient( 'iacp_loopback_ok' );
		iacp()->instant_kick()->reset_throttle();
		try {
			$this->assertFalse( is_ssl(), 'this request itself is plain http' );
			iacp()->instant_kick()->kick();
			$this->assertTrue( ( new LoopbackProbe( iacp()->instant_kick() ) )->works() );
		} finally {
			remove_filter( 'pre_http_request', $capture );
			remove_filter( 'pre_option_siteurl', $https );
			delete_transient( 'iacp_loopback_ok' );
			iacp()->instant_kick()->reset_throttle();
		}

		$this->assertSame( array( 'https://' . $host . '/wp-admin/admin-ajax.php', 'https://' . $host . '/wp-admin/admin-ajax.php' ), $sent, 'kick, then probe' );
	}

	public function test_an_answer_is_kept_for_its_address_only_so_a_moved_site_is_asked_again(): void {
		$asked = 0;
		// Answers the probe as a working site would, and counts the requests.
		$answer = static function ( $pre, array $args, string $url ) use ( &$asked ) {
			++$asked;
			return self::pong();
		};
		$moved  = static fn(): string => 'http://127.0.0.1:1';
		add_filter( 'pre_http_request', $answer, 10, 3 );
		delete_transient( 'iacp_loopback_ok' );
		$probe = new LoopbackProbe( iacp()->instant_kick() );
		try {
			$this->assertTrue( $probe->works() );
			$this->assertTrue( $probe->works() );
			$this->assertSame( 1, $asked, 'the second answer comes from the cache' );

			add_filter( 'pre_option_siteurl', $moved );
			$this->assertTrue( $probe->works() );
			$this->assertSame( 2, $asked, 'at its new address the site is asked again' );
		} finally {
			remove_filter( 'pre_option_siteurl', $moved );
			remove_filter( 'pre_http_request', $answer );
			delete_transient( 'iacp_loopback_ok' );
		}
	}

	/**
	 * What a working site answers the probe (as pre_http_request's short-circuit).
	 *
	 * @return array<string, mixed>
	 */
	private static function pong(): array {
		return array(
			'headers'  => array(),
			'body'     => KickEndpoint::PONG,
			'response' => array(
				'code'    => 200,
				'message' => 'OK',
			),
			'cookies'  => array(),
		);
	}
}
