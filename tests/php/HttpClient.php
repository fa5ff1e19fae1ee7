<?php
/**
 * Real HTTP to the running test site (PHP's built-in server), for what cannot be seen in-process: concurrency,
 * streams, cookies and nonces, and the HTML a browser receives.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests;

final class HttpClient {

	private string $cookie_jar = '';

	public function __construct( private readonly string $base_url ) {}

	public static function for_test_site(): self {
		return new self( rtrim( (string) TestEnvironment::load( 'IACP_ENV_FILE', 'test' )['url'], '/' ) );
	}

	/**
	 * An application password for a user, created through WordPress in this process (same database as the site).
	 *
	 * @return array{string, string} Login and password, for Basic auth.
	 */
	public static function application_password_for( int $user_id ): array {
		$user    = get_userdata( $user_id );
		$created = \WP_Application_Passwords::create_new_application_password( $user_id, array( 'name' => 'iacp-test-' . wp_generate_password( 6, false ) ) );
		if ( is_wp_error( $created ) || false === $user ) {
			throw new \RuntimeException( 'could not create an application password' );
		}
		return array( $user->user_login, $created[0] );
	}

	/**
	 * @param array<string, string>       $headers Request headers.
	 * @param array{string, string}|null $auth    Basic auth login and application password.
	 * @return array{status: int, headers: array<string, string>, body: string, json: mixed}
	 */
	public function request( string $method, string $path, ?string $body = null, array $headers = array(), ?array $auth = null, int $timeout = 30 ): array {
		$handle = $this->handle( $method, $path, $body, $headers, $auth, $timeout );
		$raw    = (string) curl_exec( $handle );
		// The site may have changed options behind this process's back.
		wp_cache_flush();
		return $this->parse( $handle, $raw );
	}

	/**
	 * Sends requests at the same moment (curl_multi) and returns the answers in the same order.
	 *
	 * @param list<array{method: string, path: string, body?: string|null, headers?: array<string, string>, auth?: array{string, string}|null}> $requests Requests.
	 * @return list<array{status: int, headers: array<string, string>, body: string, json: mixed}>
	 */
	public function concurrently( array $requests ): array {
		return $this->open( $requests )->finish( 30 );
	}

	/**
	 * Sends requests at the same moment and returns at once: the batch is read while the test does other things.
	 *
	 * @param list<array{method: string, path: string, body?: string|null, headers?: array<string, string>, auth?: array{string, string}|null}> $requests Requests.
	 */
	public function open( array $requests, int $timeout = 60 ): HttpBatch {
		$handles = array();
		foreach ( $requests as $request ) {
			$handles[] = $this->handle( $request['method'], $request['path'], $request['body'] ?? null, $request['headers'] ?? array(), $request['auth'] ?? null, $timeout );
		}
		return new HttpBatch( $handles, fn( $handle, string $raw ): array => $this->parse( $handle, $raw ) );
	}

	/**
	 * Logs in through wp-login.php; later requests carry the session cookies (as a browser would, without a nonce).
	 */
	public function log_in( string $login, string $password ): void {
		$this->cookie_jar = (string) tempnam( sys_get_temp_dir(), 'iacp-cookies' );
		$this->request( 'GET', '/wp-login.php' );
		$answer = $this->request(
			'POST',
			'/wp-login.php',
			http_build_query(
				array(
					'log'        => $login,
					'pwd'        => $password,
					'testcookie' => '1',
				)
			),
			array( 'Content-Type' => 'application/x-www-form-urlencoded' )
		);
		if ( 302 !== $answer['status'] ) {
			throw new \RuntimeException( "login as {$login} answered {$answer['status']}" );
		}
	}

	/**
	 * @param array<string, string>       $headers Request headers.
	 * @param array{string, string}|null $auth    Basic auth.
	 * @return \CurlHandle
	 */
	private function handle( string $method, string $path, ?string $body, array $headers, ?array $auth, int $timeout ) {
		$handle = curl_init( $this->base_url . $path );
		$lines  = array();
		foreach ( $headers as $name => $value ) {
			$lines[] = "{$name}: {$value}";
		}
		curl_setopt_array(
			$handle,
			array(
				CURLOPT_CUSTOMREQUEST  => $method,
				CURLOPT_RETURNTRANSFER => true,
				CURLOPT_HEADER         => true,
				CURLOPT_HTTPHEADER     => $lines,
				CURLOPT_TIMEOUT        => $timeout,
			)
		);
		if ( null !== $body ) {
			curl_setopt( $handle, CURLOPT_POSTFIELDS, $body );
		}
		if ( null !== $auth ) {
			curl_setopt( $handle, CURLOPT_USERPWD, $auth[0] . ':' . $auth[1] );
		}
		if ( '' !== $this->cookie_jar ) {
			curl_setopt( $handle, CURLOPT_COOKIEFILE, $this->cookie_jar );
			curl_setopt( $handle, CURLOPT_COOKIEJAR, $this->cookie_jar );
		}
		return $handle;
	}

	/**
	 * @param \CurlHandle $handle A finished handle.
	 * @return array{status: int, headers: array<string, string>, body: string, json: mixed}
	 */
	private function parse( $handle, string $raw ): array {
		$header_size = (int) curl_getinfo( $handle, CURLINFO_HEADER_SIZE );
		$headers     = array();
		foreach ( explode( "\r\n", substr( $raw, 0, $header_size ) ) as $line ) {
			if ( str_contains( $line, ':' ) ) {
				[ $name, $value ]                 = explode( ':', $line, 2 );
				$headers[ strtolower( $name ) ] = trim( $value );
			}
		}
		$body = substr( $raw, $header_size );
		return array(
			'status'  => (int) curl_getinfo( $handle, CURLINFO_RESPONSE_CODE ),
			'headers' => $headers,
			'body'    => $body,
			'json'    => json_decode( $body, true ),
		);
	}
}
