<?php
/**
 * Keeps secrets and server internals out of error text: the API key never appears in any stored or shown message,
 * and the job's owner never sees a server path (managers read the full detail in the job log).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Security;

final class ErrorRedaction {

	public const SECRET = '[redacted]';
	public const PATH   = '[path]';

	/**
	 * The text with every occurrence of the secret replaced (a provider may echo the key it was sent).
	 */
	public static function without_secret( string $text, string $secret ): string {
		$secret = trim( $secret );
		return strlen( $secret ) < 4 ? $text : str_ireplace( $secret, self::SECRET, $text );
	}

	/**
	 * The text with absolute file-system paths replaced; URLs stay as they are.
	 */
	public static function without_paths( string $text ): string {
		$roots = array_filter(
			array(
				defined( 'ABSPATH' ) ? (string) constant( 'ABSPATH' ) : '',
				defined( 'WP_CONTENT_DIR' ) ? (string) constant( 'WP_CONTENT_DIR' ) : '',
				function_exists( 'get_temp_dir' ) ? get_temp_dir() : '',
				sys_get_temp_dir(),
			),
			static fn( string $root ): bool => strlen( $root ) > 1
		);
		foreach ( $roots as $root ) {
			// The site's own folders, up to the next space or quote (their names may hold any character).
			$text = (string) preg_replace( '#' . preg_quote( untrailingslashit( $root ), '#' ) . '(?:/[^\s\'"]*)?#', self::PATH, $text );
		}
		// Other Unix paths of two or more segments that are not part of a URL, and Windows drive paths.
		$text = (string) preg_replace( '#(?<![\w:/.\]])(?:/[\w.@~+-]+){2,}/?#u', self::PATH, $text );
		return (string) preg_replace( '#\b[A-Za-z]:\\\\[^\s\'"]+#', self::PATH, $text );
	}
}
