<?php
/**
 * Reads the env.json that bin/lib/site.mjs writes for a running test site.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests;

final class TestEnvironment {

	/**
	 * The environment named by an environment variable, or the default file of a site name.
	 *
	 * @return array<string, mixed>
	 */
	public static function load( string $variable, string $site ): array {
		$file = getenv( $variable ) ?: dirname( __DIR__, 2 ) . '/.iacp-env/' . $site . '/env.json';
		if ( ! is_readable( $file ) ) {
			fwrite( STDERR, "No test environment at {$file}; start it with: node bin/env.mjs start {$site}\n" );
			exit( 1 );
		}
		$env = json_decode( (string) file_get_contents( $file ), true );
		return is_array( $env ) ? $env : array();
	}

	/**
	 * Whether another site's environment file exists (the SQLite and newest-core sites run in `npm test`).
	 */
	public static function exists( string $variable, string $site ): bool {
		$file = getenv( $variable ) ?: dirname( __DIR__, 2 ) . '/.iacp-env/' . $site . '/env.json';
		return is_readable( $file );
	}
}
