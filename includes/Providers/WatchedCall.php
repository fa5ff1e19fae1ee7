<?php
/**
 * Runs a call that makes its HTTP requests out of our sight (the core AI client) as if they were our own: every
 * curl transfer during the call reports to a TransferWatch (so the job's lease is renewed, its time limit and a
 * cancel can stop it, and a silent provider is given up on), and the headers of the last response are kept (for
 * Retry-After).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

use IACP\Jobs\RetryableJobError;

final class WatchedCall {

	/** @var array<string, string|list<string>> Headers of the last response, lowercase names. */
	private array $last_headers = array();

	public function __construct( private readonly TransferWatch $watch ) {}

	/**
	 * @template T
	 * @param callable(): T $call Makes the requests.
	 * @return T
	 * @throws \Throwable What a listener of `iacp_provider_waiting` threw to stop the call.
	 */
	public function run( callable $call ): mixed {
		$watch       = $this->watch;
		$stopped_by  = null;
		$on_curl     = static function ( $handle ) use ( $watch, &$stopped_by ): void {
			if ( $handle instanceof \CurlHandle ) {
				$watch->watch_curl( $handle, $stopped_by );
			}
		};
		$on_response = function ( $response ) {
			if ( is_array( $response ) ) {
				$this->last_headers = self::headers( $response );
			}
			return $response;
		};
		add_action( 'http_api_curl', $on_curl, 10, 1 );
		add_filter( 'http_response', $on_response, 10, 1 );
		try {
			$result = $call();
		} finally {
			remove_action( 'http_api_curl', $on_curl, 10 );
			remove_filter( 'http_response', $on_response, 10 );
		}
		if ( null !== $stopped_by ) {
			throw $stopped_by;
		}
		$watch->finish();
		return $result;
	}

	/**
	 * Why the watch stopped the transfer (read or idle timeout), or null.
	 */
	public function watch_error(): ?RetryableJobError {
		return $this->watch->error();
	}

	/**
	 * @return array<string, string|list<string>>
	 */
	public function last_headers(): array {
		return $this->last_headers;
	}

	/**
	 * @param array<string, mixed> $response A WordPress HTTP response.
	 * @return array<string, string|list<string>>
	 */
	private static function headers( array $response ): array {
		$raw = wp_remote_retrieve_headers( $response );
		$out = array();
		foreach ( ( $raw instanceof \WpOrg\Requests\Utility\CaseInsensitiveDictionary ? $raw->getAll() : (array) $raw ) as $name => $value ) {
			$out[ strtolower( (string) $name ) ] = is_array( $value ) ? array_values( array_map( 'strval', $value ) ) : (string) $value;
		}
		return $out;
	}
}
