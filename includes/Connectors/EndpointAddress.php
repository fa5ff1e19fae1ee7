<?php
/**
 * Where the "OpenAI-compatible endpoint" connector sends requests: the `IACP_OPENAI_COMPATIBLE_BASE_URL`
 * environment variable, then the constant of that name, then the plugin's `connector_base_url` setting
 * (the same order core uses for a connector's key). Empty means the connector is not set up.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Connectors;

use IACP\Settings\Settings;

final class EndpointAddress {

	public const NAME = 'IACP_OPENAI_COMPATIBLE_BASE_URL';

	/**
	 * The base URL ending in /v1 (no trailing slash), or '' when none is set.
	 */
	public static function base_url(): string {
		$env = getenv( self::NAME );
		if ( is_string( $env ) && '' !== $env ) {
			return untrailingslashit( $env );
		}
		if ( defined( self::NAME ) && is_string( constant( self::NAME ) ) && '' !== constant( self::NAME ) ) {
			return untrailingslashit( (string) constant( self::NAME ) );
		}
		return untrailingslashit( (string) ( new Settings() )->get( 'connector_base_url' ) );
	}

	/**
	 * Where the address comes from: 'env', 'constant', 'setting' or 'none' (shown on the settings screen).
	 */
	public static function source(): string {
		$env = getenv( self::NAME );
		if ( is_string( $env ) && '' !== $env ) {
			return 'env';
		}
		if ( defined( self::NAME ) && is_string( constant( self::NAME ) ) && '' !== constant( self::NAME ) ) {
			return 'constant';
		}
		return '' !== (string) ( new Settings() )->get( 'connector_base_url' ) ? 'setting' : 'none';
	}

	/**
	 * Whether a URL is on the configured endpoint's host and port (the only local address the connector may reach).
	 */
	public static function is_endpoint_host( string $host, string $url ): bool {
		$base = self::base_url();
		if ( '' === $base ) {
			return false;
		}
		$base_host = strtolower( (string) wp_parse_url( $base, PHP_URL_HOST ) );
		$base_port = wp_parse_url( $base, PHP_URL_PORT );
		$url_port  = wp_parse_url( $url, PHP_URL_PORT );
		return '' !== $base_host && strtolower( $host ) === $base_host && $base_port === $url_port && str_starts_with( $url, $base . '/' );
	}
}
