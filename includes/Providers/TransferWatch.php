<?php
/**
 * Watches one request to the provider from curl's progress callback (about once a second even when nothing
 * arrives): gives up when the provider accepted the request but sends nothing within the read timeout, or stops
 * in the middle of its answer for the idle timeout; and tells the job running it how long the provider has been
 * silent (`iacp_provider_waiting`), which shows the stall, enforces the job's own time limit and renews its lease
 * (a slow but live request is never mistaken for a dead worker).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

use IACP\Jobs\RetryableJobError;

final class TransferWatch {

	public const NO_ANSWER = 'no_answer';
	public const STALLED   = 'stalled';

	private float $started;

	private float $last_byte;

	private float $last_report = 0.0;

	private int $bytes = 0;

	private ?string $verdict = null;

	public function __construct( private readonly float $read_timeout, private readonly float $idle_timeout ) {
		$this->started   = microtime( true );
		$this->last_byte = $this->started;
	}

	/**
	 * One progress report from curl.
	 *
	 * @param int $downloaded Body bytes received so far.
	 * @return bool Whether to go on (false: abort the transfer).
	 */
	public function tick( int $downloaded ): bool {
		$now = microtime( true );
		if ( $downloaded > $this->bytes ) {
			$this->bytes     = $downloaded;
			$this->last_byte = $now;
		}
		$silent = $now - $this->last_byte;
		if ( 0 === $this->bytes && $silent >= $this->read_timeout ) {
			$this->verdict = self::NO_ANSWER;
			return false;
		}
		if ( $this->bytes > 0 && $silent >= $this->idle_timeout ) {
			$this->verdict = self::STALLED;
			return false;
		}
		if ( $now - $this->last_report >= 1.0 ) {
			$this->last_report = $now;
			/**
			 * Fires about once a second while a provider request runs. A listener may throw to stop the request
			 * (the job's time limit, a cancel).
			 *
			 * @param float $silent_seconds Seconds since the provider last sent anything (since the request started,
			 *                              before its first byte).
			 */
			do_action( 'iacp_provider_waiting', $silent );
		}
		return true;
	}

	/**
	 * Makes curl report a transfer's progress to this watch (about once a second, also while nothing arrives). A
	 * listener that must stop the transfer (cancel, lost lease, its time limit) aborts it here, as does a provider that
	 * keeps it waiting: an exception thrown inside curl's write callback would leave curl downloading to the end.
	 *
	 * @param \Throwable|null $stopped_by Receives what a listener threw; once set, the transfer stops.
	 */
	public function watch_curl( \CurlHandle $handle, ?\Throwable &$stopped_by ): void {
		curl_setopt( $handle, CURLOPT_NOPROGRESS, false ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- an option the HTTP API has no argument for, set on the handle it passes to http_api_curl.
		$go_on = function ( $curl, $download_total, $downloaded ) use ( &$stopped_by ): int {
			if ( null !== $stopped_by ) {
				return 1;
			}
			try {
				return $this->tick( (int) $downloaded ) ? 0 : 1;
			} catch ( \Throwable $e ) {
				$stopped_by = $e;
				return 1;
			}
		};
		curl_setopt( $handle, CURLOPT_XFERINFOFUNCTION, $go_on ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- an option the HTTP API has no argument for, set on the handle it passes to http_api_curl.
	}

	/**
	 * After the request: tells the listener the provider is no longer keeping it waiting.
	 */
	public function finish(): void {
		do_action( 'iacp_provider_waiting', 0.0 );
	}

	/**
	 * The error for a transfer this watch stopped; null when it did not stop it.
	 */
	public function error(): ?RetryableJobError {
		return match ( $this->verdict ) {
			self::NO_ANSWER => new RetryableJobError(
				/* translators: %d: seconds. */
				sprintf( __( 'The AI provider accepted the request but sent no answer within %d seconds (the read timeout); the job will try again.', 'iacp' ), (int) round( $this->read_timeout ) ),
				null,
				'provider_timeout'
			),
			self::STALLED => new RetryableJobError(
				/* translators: 1: seconds, 2: bytes. */
				sprintf( __( 'The AI provider stopped sending its answer for %1$d seconds (the idle timeout) after %2$d bytes; the job will try again.', 'iacp' ), (int) round( $this->idle_timeout ), $this->bytes ),
				null,
				'provider_stalled'
			),
			default => null,
		};
	}
}
