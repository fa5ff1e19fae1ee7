<?php
/**
 * A URL's origin (scheme, host, port) as browsers compare them: the unit the API key is bound to.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

final class UrlOrigin {

	/**
	 * "scheme://host:port" with lowercase scheme and host and the default port filled in; '' for no usable URL.
	 */
	public static function of( string $url ): string {
		$parts  = wp_parse_url( trim( $url ) );
		$scheme = strtolower( (string) ( $parts['scheme'] ?? '' ) );
		$host   = strtolower( (string) ( $parts['host'] ?? '' ) );
		if ( ! in_array( $scheme, array( 'http', 'https' ), true ) || '' === $host ) {
			return '';
		}
		$port = (int) ( $parts['port'] ?? ( 'https' === $scheme ? 443 : 80 ) );
		return "{$scheme}://{$host}:{$port}";
	}

	/**
	 * Whether two URLs share one origin (never true for an unusable URL).
	 */
	public static function same( string $a, string $b ): bool {
		$origin = self::of( $a );
		return '' !== $origin && self::of( $b ) === $origin;
	}
}
