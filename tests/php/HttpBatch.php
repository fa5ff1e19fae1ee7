<?php
/**
 * Requests in flight together (curl_multi), read as they come: how many have finished, what one has received so
 * far, and all the answers once they are done. For streams held open while the test acts.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests;

final class HttpBatch {

	private \CurlMultiHandle $multi;

	/** @var array<int, string> What each request has received so far (headers and body). */
	private array $received = array();

	/** @var array<int, bool> Requests that are done. */
	private array $done = array();

	/**
	 * @param list<\CurlHandle>                                                                     $handles Prepared requests.
	 * @param \Closure(\CurlHandle, string): array{status: int, headers: array<string, string>, body: string, json: mixed} $parse Turns a finished one into an answer.
	 */
	public function __construct( private readonly array $handles, private readonly \Closure $parse ) {
		$this->multi = curl_multi_init();
		foreach ( $handles as $index => $handle ) {
			$this->received[ $index ] = '';
			// Headers and body arrive here as they come (CURLOPT_HEADER is on).
			curl_setopt( $handle, CURLOPT_RETURNTRANSFER, false );
			curl_setopt(
				$handle,
				CURLOPT_WRITEFUNCTION,
				function ( $curl, string $chunk ) use ( $index ): int {
					$this->received[ $index ] .= $chunk;
					return strlen( $chunk );
				}
			);
			curl_multi_add_handle( $this->multi, $handle );
		}
		$this->pump( 0.0 );
	}

	/**
	 * Reads until $condition holds or $seconds pass. Returns whether it held.
	 *
	 * @param callable(self): bool $condition Looked at after each read.
	 */
	public function wait_until( callable $condition, float $seconds ): bool {
		$deadline = microtime( true ) + $seconds;
		while ( ! $condition( $this ) ) {
			if ( microtime( true ) >= $deadline || count( $this->done ) === count( $this->handles ) ) {
				return $condition( $this );
			}
			$this->pump( 0.2 );
		}
		return true;
	}

	public function finished(): int {
		return count( $this->done );
	}

	/**
	 * What one request has received so far (headers, then body).
	 */
	public function received( int $index ): string {
		return $this->received[ $index ] ?? '';
	}

	/**
	 * Reads until every request is done (or $seconds pass) and returns the answers in order.
	 *
	 * @return list<array{status: int, headers: array<string, string>, body: string, json: mixed}>
	 */
	public function finish( float $seconds ): array {
		$this->wait_until( fn( self $batch ): bool => $batch->finished() === count( $this->handles ), $seconds );
		$answers = array();
		foreach ( $this->handles as $index => $handle ) {
			$answers[] = ( $this->parse )( $handle, $this->received[ $index ] );
			curl_multi_remove_handle( $this->multi, $handle );
		}
		curl_multi_close( $this->multi );
		// The site may have changed options behind this process's back.
		wp_cache_flush();
		return $answers;
	}

	private function pump( float $wait ): void {
		curl_multi_exec( $this->multi, $running );
		if ( $wait > 0 && $running > 0 ) {
			curl_multi_select( $this->multi, $wait );
			curl_multi_exec( $this->multi, $running );
		}
		while ( false !== ( $info = curl_multi_info_read( $this->multi ) ) ) { // phpcs:ignore WordPress.CodeAnalysis.AssignmentInCondition.FoundInWhileCondition
			$index = array_search( $info['handle'], $this->handles, true );
			if ( false !== $index ) {
				$this->done[ (int) $index ] = true;
			}
		}
	}
}
