<?php
/**
 * A refusal that says when to come back: a 429 error becomes a response with a Retry-After header (seconds, from
 * the error's `retry_after`); other errors pass as they are.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\REST;

use WP_Error;
use WP_REST_Response;

final class RetryAfter {

	public static function for_error( WP_Error $error ): WP_Error|WP_REST_Response {
		$data = (array) $error->get_error_data();
		if ( 429 !== ( $data['status'] ?? null ) ) {
			return $error;
		}
		$response = rest_convert_error_to_response( $error );
		$response->header( 'Retry-After', (string) max( 1, (int) ( $data['retry_after'] ?? 1 ) ) );
		return $response;
	}
}
