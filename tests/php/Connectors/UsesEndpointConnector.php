<?php
/**
 * Points the "OpenAI-compatible endpoint" connector at the test AI server for a test, its key set the way core sets
 * a stored connector key (the option, passed to the AI client by core's own init step), and undoes both afterwards.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Connectors;

use IACP\Connectors\EndpointProvider;
use IACP\Connectors\OptionalApiKeyAuthentication;
use IACP\Providers\ProviderSource;
use IACP\Tests\Providers\AiServerTestCase;
use WordPress\AiClient\AiClient;

trait UsesEndpointConnector {

	protected static string $key_option = 'connectors_ai_iacp_openai_compatible_api_key';

	/**
	 * Sets the connector's base URL and key (core's option), as an administrator would.
	 */
	protected function connect_endpoint( string $key = 'test-key' ): void {
		$this->settings( array( 'connector_base_url' => AiServerTestCase::ai_url() ) );
		update_option( self::$key_option, $key );
		if ( ProviderSource::has_ai_client() ) {
			_wp_connectors_pass_default_keys_to_ai_client();
		}
	}

	protected function disconnect_endpoint(): void {
		delete_option( self::$key_option );
		if ( ProviderSource::has_ai_client() && AiClient::defaultRegistry()->hasProvider( EndpointProvider::ID ) ) {
			AiClient::defaultRegistry()->setProviderRequestAuthentication( EndpointProvider::ID, new OptionalApiKeyAuthentication( '' ) );
		}
	}
}
