<?php
/**
 * Turns what went wrong talking to the provider into the queue's two kinds of failure: permanent (retrying cannot
 * help) or retryable (with the wait the provider asked for).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

use IACP\Jobs\PermanentJobError;
use IACP\Jobs\RetryableJobError;

final class ProviderErrors {

	/**
	 * An HTTP error status with the provider's body and headers. The provider's own words go to the detail (job log,
	 * managers only), never to the message the job's owner sees: the body is the provider's, not ours.
	 *
	 * @param string                             $body    Response body, with the API key already removed.
	 * @param array<string, string|list<string>> $headers Response headers, lowercase names.
	 */
	public static function from_status( int $status, string $body, array $headers, ?int $now = null ): PermanentJobError|RetryableJobError {
		$said   = self::provider_message( $body );
		$detail = sprintf( 'HTTP %d', $status ) . ( '' !== $said ? ': ' . $said : '' );

		switch ( $status ) {
			case 401:
			case 403:
				return new PermanentJobError( __( 'The AI provider refused the API key. Check the key in the AI Content Pipeline settings.', 'iacp' ), 'provider_auth', $detail );
			case 404:
				return new PermanentJobError( __( 'The AI provider does not know the configured model (or the base URL is wrong). Check the model names in the settings.', 'iacp' ), 'provider_model_not_found', $detail );
			case 400:
			case 422:
				return new PermanentJobError( __( 'The AI provider rejected the request (for example because of its content policy). Change the prompt and try again.', 'iacp' ), 'provider_rejected', $detail );
			case 408:
				return new RetryableJobError( __( 'The AI provider timed out.', 'iacp' ), self::retry_after( $headers, $now ), 'provider_timeout', $detail );
			case 429:
				return new RetryableJobError( __( 'The AI provider is rate limiting requests; the job will try again shortly.', 'iacp' ), self::retry_after( $headers, $now ), 'provider_rate_limited', $detail );
		}
		if ( 409 === $status || $status >= 500 ) {
			return new RetryableJobError( __( 'The AI provider is unavailable right now; the job will try again shortly.', 'iacp' ), self::retry_after( $headers, $now ), 'provider_unavailable', $detail );
		}
		if ( $status >= 300 && $status < 400 ) {
			// Never followed: the request carries the key, and the key only goes to the configured address.
			$location = self::header( $headers, 'location' );
			return new PermanentJobError( __( 'The AI provider\'s address redirects elsewhere, and the API key is only sent to the configured address. An administrator must set the base URL to the address it redirects to.', 'iacp' ), 'provider_redirect', $detail . ( null !== $location ? ' → ' . mb_substr( $location, 0, 300 ) : '' ) );
		}
		/* translators: %d: HTTP status code. */
		return new PermanentJobError( sprintf( __( 'The AI provider answered with an unexpected HTTP status %d.', 'iacp' ), $status ), 'provider_rejected', $detail );
	}

	/**
	 * A transport failure (WP_Error from the HTTP API); its text (addresses, cURL codes) is detail for managers.
	 *
	 * @param bool $received_data Whether part of the answer had already arrived (then the answer broke off).
	 */
	public static function from_transport( \WP_Error $error, bool $received_data ): RetryableJobError {
		$message = $error->get_error_message();
		if ( preg_match( '/cURL error 28\b|timed out|timeout/i', $message ) ) {
			return new RetryableJobError( __( 'The AI provider did not answer in time; the job will try again.', 'iacp' ), null, 'provider_timeout', $message );
		}
		if ( $received_data || preg_match( '/cURL error (18|56|52)\b/', $message ) ) {
			return new RetryableJobError( __( 'The AI provider\'s answer broke off; the job will try again.', 'iacp' ), null, 'provider_bad_response', $message );
		}
		return new RetryableJobError( __( 'Could not connect to the AI provider; the job will try again.', 'iacp' ), null, 'provider_unavailable', $message );
	}

	public static function bad_response( string $why ): RetryableJobError {
		/* translators: %s: what was wrong with the answer. */
		return new RetryableJobError( sprintf( __( 'The AI provider sent an answer that could not be read (%s); the job will try again.', 'iacp' ), $why ), null, 'provider_bad_response' );
	}

	/**
	 * Seconds to wait from `Retry-After` (seconds or HTTP date) and `x-ratelimit-reset-requests` (`1s`, `6m0s`,
	 * `20ms`): the longer of the two, at least 1; null when neither is present.
	 *
	 * @param array<string, string|list<string>> $headers Response headers, lowercase names.
	 */
	public static function retry_after( array $headers, ?int $now = null ): ?int {
		$now     = $now ?? time();
		$waits   = array();
		$retry   = self::header( $headers, 'retry-after' );
		$ratelim = self::header( $headers, 'x-ratelimit-reset-requests' );
		if ( null !== $retry ) {
			if ( preg_match( '/^\s*\d+(\.\d+)?\s*$/', $retry ) ) {
				$waits[] = (int) ceil( (float) $retry );
			} else {
				$when = strtotime( $retry );
				if ( false !== $when ) {
					$waits[] = $when - $now;
				}
			}
		}
		if ( null !== $ratelim ) {
			$seconds = self::duration( $ratelim );
			if ( null !== $seconds ) {
				$waits[] = (int) ceil( $seconds );
			}
		}
		return array() === $waits ? null : max( 1, max( $waits ) );
	}

	/**
	 * Go-style durations as OpenAI sends them: `1s`, `6m0s`, `20ms`, `1h2m3.5s`.
	 */
	public static function duration( string $value ): ?float {
		$value = trim( $value );
		if ( ! preg_match_all( '/(\d+(?:\.\d+)?)(ms|h|m|s)/', $value, $parts, PREG_SET_ORDER ) || implode( '', array_column( $parts, 0 ) ) !== $value ) {
			return is_numeric( $value ) ? (float) $value : null;
		}
		$seconds = 0.0;
		foreach ( $parts as $part ) {
			$seconds += (float) $part[1] * match ( $part[2] ) {
				'h' => 3600,
				'm' => 60,
				's' => 1,
				default => 0.001,
			};
		}
		return $seconds;
	}

	/**
	 * @param array<string, string|list<string>> $headers Response headers.
	 */
	private static function header( array $headers, string $name ): ?string {
		foreach ( $headers as $key => $value ) {
			if ( strtolower( (string) $key ) === $name ) {
				return is_array( $value ) ? (string) end( $value ) : (string) $value;
			}
		}
		return null;
	}

	/**
	 * The provider's `error.message`, shortened, without markup.
	 */
	private static function provider_message( string $body ): string {
		$data    = json_decode( $body, true );
		$message = is_array( $data ) && is_array( $data['error'] ?? null ) ? (string) ( $data['error']['message'] ?? '' ) : '';
		if ( '' === $message && is_array( $data ) && is_string( $data['error'] ?? null ) ) {
			$message = $data['error']; // Ollama and some proxies send { "error": "text" }.
		}
		return mb_substr( trim( wp_strip_all_tags( $message ) ), 0, 300 );
	}
}
