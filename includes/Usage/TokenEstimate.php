<?php
/**
 * Tokens guessed from characters, for what a provider spent but did not report (a stream cut off by a cancel, a
 * timeout or a lost connection; a server that sends no usage): about four characters a token, rounded up.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Usage;

final class TokenEstimate {

	public const CHARS_PER_TOKEN = 4;

	public static function of_text( int $characters ): int {
		return (int) ceil( max( 0, $characters ) / self::CHARS_PER_TOKEN );
	}

	/**
	 * The prompt a job's input makes, at least: every string in it.
	 *
	 * @param array<string, mixed> $input A job's input.
	 */
	public static function of_input( array $input ): int {
		$characters = 0;
		array_walk_recursive(
			$input,
			static function ( $value ) use ( &$characters ): void {
				if ( is_string( $value ) ) {
					$characters += mb_strlen( $value );
				}
			}
		);
		return self::of_text( $characters );
	}
}
