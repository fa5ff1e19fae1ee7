<?php
/**
 * Turns the `WP_Error`s of the core AI client into the queue's failures, in the same words as the plugin's own
 * provider: HTTP statuses through ProviderErrors (with the Retry-After the response carried), network failures as
 * transport errors, and the client's own refusals in words a site owner can act on.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

use IACP\Jobs\PermanentJobError;
use IACP\Jobs\RetryableJobError;
use WP_Error;

final class CoreAiClientErrors {

	/**
	 * @param array<string, string|list<string>> $headers Headers of the provider's last response, if one came.
	 */
	public static function from_wp_error( WP_Error $error, array $headers = array() ): PermanentJobError|RetryableJobError {
		$code    = (string) $error->get_error_code();
		$message = $error->get_error_message();
		$data    = $error->get_error_data();
		$status  = is_array( $data ) && isset( $data['status'] ) ? (int) $data['status'] : 0;

		switch ( $code ) {
			case 'prompt_client_error':
			case 'prompt_upstream_server_error':
				// The client keeps the provider's words in the message; ProviderErrors files them as detail.
				return ProviderErrors::from_status( $status, (string) wp_json_encode( array( 'error' => array( 'message' => self::provider_words( $message ) ) ) ), $headers );
			case 'prompt_network_error':
				return ProviderErrors::from_transport( new WP_Error( 'http_request_failed', $message ), false );
			case 'prompt_prevented':
				return new RetryableJobError( __( 'The site does not allow AI requests right now; the job will try again.', 'iacp' ), null, 'provider_prevented', $message );
			case 'prompt_invalid_argument':
				return new PermanentJobError( __( 'No configured AI connector offers a model for this job. Configure one in Settings → Connectors, or choose the model in the AI Content Pipeline settings.', 'iacp' ), 'provider_no_model', $message );
			case 'prompt_token_limit_reached':
				return new PermanentJobError( __( 'The AI provider\'s token limit was reached for this request. Shorten the text and try again.', 'iacp' ), 'provider_rejected', $message );
		}
		return new RetryableJobError( __( 'The WordPress AI client failed; the job will try again.', 'iacp' ), null, 'provider_unavailable', $code . ': ' . $message );
	}

	/**
	 * "Too Many Requests (429) - Rate limit reached" → "Rate limit reached".
	 */
	private static function provider_words( string $message ): string {
		$dash = strpos( $message, ' - ' );
		return false === $dash ? $message : substr( $message, $dash + 3 );
	}
}
