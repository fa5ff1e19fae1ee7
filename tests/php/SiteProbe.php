<?php
/**
 * Runs tests/php/scripts/site-probe.php against a site in a separate PHP process and decodes its answer.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests;

final class SiteProbe {

	/**
	 * @param string       $wp_path WordPress root of the site.
	 * @param list<string> $actions activate, deactivate, uninstall, in order.
	 * @return array<string, mixed>
	 */
	public static function run( string $wp_path, array $actions = array() ): array {
		$command = array_merge( array( PHP_BINARY, __DIR__ . '/scripts/site-probe.php', $wp_path ), $actions );
		$process = proc_open( $command, array( 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ), $pipes );
		if ( ! is_resource( $process ) ) {
			throw new \RuntimeException( 'could not start the site probe' );
		}
		$out  = (string) stream_get_contents( $pipes[1] );
		$err  = (string) stream_get_contents( $pipes[2] );
		$code = proc_close( $process );
		$last = trim( (string) strrchr( "\n" . trim( $out ), "\n" ) );
		$data = json_decode( $last, true );
		if ( 0 !== $code || ! is_array( $data ) ) {
			throw new \RuntimeException( "site probe failed ({$code}): {$out}{$err}" );
		}
		return $data;
	}

	/**
	 * Notices whose source is the plugin (core's own deprecations on new PHP are not ours to fix).
	 *
	 * @param array<string, mixed> $state A probe answer.
	 * @return list<string>
	 */
	public static function plugin_notices( array $state ): array {
		$plugin_dir = dirname( __DIR__, 2 );
		$notices    = array();
		foreach ( $state['notices'] as $notice ) {
			if ( '' === $notice['file'] || str_starts_with( (string) realpath( $notice['file'] ), $plugin_dir ) || str_contains( $notice['message'], 'iacp' ) ) {
				$notices[] = "{$notice['message']} in {$notice['file']}:{$notice['line']}";
			}
		}
		return $notices;
	}
}
