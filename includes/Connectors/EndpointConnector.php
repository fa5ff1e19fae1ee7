<?php
/**
 * Puts the "OpenAI-compatible endpoint" into the core AI client (WordPress ≥ 7.0), before core builds its connector
 * list (init 15) from the client's registry: the card in Settings → Connectors, its key (environment variable
 * `IACP_OPENAI_COMPATIBLE_API_KEY`, constant, or the option core stores) and `wp_ai_client_prompt()` for every plugin.
 * On older WordPress there is no client, and nothing is registered.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Connectors;

use IACP\Service;
use WordPress\AiClient\AiClient;

final class EndpointConnector implements Service {

	public static function is_available(): bool {
		return function_exists( 'wp_ai_client_prompt' ) && class_exists( AiClient::class );
	}

	public function register(): void {
		if ( ! self::is_available() ) {
			return;
		}
		add_action( 'init', array( $this, 'register_provider' ), 5 );
		// After core passed stored keys to the client (init 20): an endpoint without a key is still usable.
		add_action( 'init', array( $this, 'allow_missing_key' ), 21 );
		add_filter( 'http_request_host_is_external', array( $this, 'allow_endpoint_host' ), 10, 3 );
		add_filter( 'http_allowed_safe_ports', array( $this, 'allow_endpoint_port' ), 10, 3 );
	}

	public function register_provider(): void {
		$registry = AiClient::defaultRegistry();
		if ( ! $registry->hasProvider( EndpointProvider::ID ) ) {
			$registry->registerProvider( EndpointProvider::class );
		}
	}

	public function allow_missing_key(): void {
		$registry = AiClient::defaultRegistry();
		if ( $registry->hasProvider( EndpointProvider::ID ) && null === $registry->getProviderRequestAuthentication( EndpointProvider::ID ) ) {
			$registry->setProviderRequestAuthentication( EndpointProvider::ID, new OptionalApiKeyAuthentication( '' ) );
		}
	}

	/**
	 * The client sends through wp_safe_remote_request(), which refuses local addresses; the endpoint the site owner
	 * configured (often Ollama or LM Studio on this machine) is allowed, and nothing else.
	 *
	 * @param bool   $external Whether the host counts as external.
	 * @param string $host     Host of the request.
	 * @param string $url      The request URL.
	 */
	public function allow_endpoint_host( $external, $host, $url ): bool {
		return (bool) $external || EndpointAddress::is_endpoint_host( (string) $host, (string) $url );
	}

	/**
	 * The configured endpoint's port (Ollama: 11434) is allowed for requests to that endpoint only.
	 *
	 * @param mixed  $ports Allowed ports.
	 * @param string $host  Host of the request.
	 * @param string $url   The request URL.
	 * @return mixed
	 */
	public function allow_endpoint_port( $ports, $host, $url ) {
		$port = wp_parse_url( (string) $url, PHP_URL_PORT );
		if ( is_array( $ports ) && is_int( $port ) && EndpointAddress::is_endpoint_host( (string) $host, (string) $url ) ) {
			$ports[] = $port;
		}
		return $ports;
	}
}
