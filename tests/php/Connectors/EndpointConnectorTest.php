<?php
/**
 * The "OpenAI-compatible endpoint" as a connector of the core AI client (WordPress ≥ 7.0), end to end against the
 * test AI server: code that knows nothing of this plugin gets text and images through `wp_ai_client_prompt()`, and
 * Settings → Connectors lists the card with core's key handling. On WordPress before 7.0 nothing of it loads.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Connectors;

use IACP\Connectors\EndpointConnector;
use IACP\Connectors\EndpointProvider;
use IACP\Providers\ProviderSource;
use IACP\Tests\Providers\AiServerTestCase;

final class EndpointConnectorTest extends AiServerTestCase {

	use UsesEndpointConnector;

	protected function tearDown(): void {
		$this->disconnect_endpoint();
		parent::tearDown();
	}

	public function test_before_wordpress_7_nothing_registers_and_nothing_breaks(): void {
		if ( ProviderSource::has_ai_client() ) {
			$this->assertTrue( EndpointConnector::is_available() );
			$this->assertTrue( \WordPress\AiClient\AiClient::defaultRegistry()->hasProvider( EndpointProvider::ID ), 'registered on 7.x' );
			return;
		}
		$this->assertFalse( EndpointConnector::is_available() );
		$this->assertFalse( class_exists( 'WordPress\\AiClient\\AiClient' ), 'no AI client on this WordPress' );
		$this->assertFalse( function_exists( 'wp_get_connectors' ) );
		$this->assertFalse( has_filter( 'http_allowed_safe_ports', array( new EndpointConnector(), 'allow_endpoint_port' ) ) );
		$this->assertFalse( get_registered_settings()[ self::$key_option ] ?? false, 'no connector setting' );
		( new EndpointConnector() )->register(); // A second registration on old WordPress is as harmless as the first.
		$this->connect_endpoint();
		$this->assertSame( 200, $this->rest_as_admin( 'GET', '/iacp/v1/settings' )->get_status() );
	}

	public function test_outside_code_says_hi_through_the_connector(): void {
		if ( ! ProviderSource::has_ai_client() ) {
			$this->assertFalse( function_exists( 'wp_ai_client_prompt' ) );
			return;
		}
		$this->connect_endpoint();

		$text = wp_ai_client_prompt( 'Say hi' )->generate_text();

		$this->assertIsString( $text, is_wp_error( $text ) ? $text->get_error_message() : '' );
		$this->assertStringStartsWith( '"Say hi" — ', $text, 'the test server’s answer to "Say hi"' );
		$chats = array_values( array_filter( $this->server_requests(), static fn( array $r ): bool => '/v1/chat/completions' === $r['path'] ) );
		$this->assertCount( 1, $chats );
		$this->assertSame( 'Say hi', $chats[0]['prompt'] );
		$this->assertSame( 'iacp-text-1', $chats[0]['model'], 'a text model of the list, not the image model' );
		$this->assertFalse( $chats[0]['stream'] );
	}

	public function test_outside_code_gets_an_image_through_the_connector(): void {
		if ( ! ProviderSource::has_ai_client() ) {
			$this->assertFalse( function_exists( 'wp_ai_client_prompt' ) );
			return;
		}
		$this->connect_endpoint();

		$image = wp_ai_client_prompt( 'A lighthouse at dusk' )->generate_image();

		$this->assertInstanceOf( \WordPress\AiClient\Files\DTO\File::class, $image, is_wp_error( $image ) ? $image->get_error_message() : '' );
		$this->assertTrue( $image->isInline() );
		$this->assertStringStartsWith( "\x89PNG", (string) base64_decode( (string) $image->getBase64Data(), true ), 'a real PNG' ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- the client's inline image.
		$generations = array_values( array_filter( $this->server_requests(), static fn( array $r ): bool => '/v1/images/generations' === $r['path'] ) );
		$this->assertCount( 1, $generations );
		$this->assertSame( 'iacp-image-1', $generations[0]['model'] );
		$this->assertSame( 200, $generations[0]['status'] );
	}

	public function test_the_connectors_screen_lists_the_card_with_cores_key_handling(): void {
		if ( ! ProviderSource::has_ai_client() ) {
			$this->assertFalse( function_exists( '_wp_connectors_get_connector_script_module_data' ) );
			return;
		}
		$this->connect_endpoint();

		// What Settings → Connectors renders its cards from (the script module data of its page).
		$card = _wp_connectors_get_connector_script_module_data( array() )['connectors'][ EndpointProvider::ID ] ?? null;

		$this->assertIsArray( $card, 'our card is on the screen' );
		$this->assertSame( 'OpenAI-compatible endpoint', $card['name'] );
		$this->assertSame( 'ai_provider', $card['type'] );
		$this->assertSame( 'api_key', $card['authentication']['method'] );
		$this->assertSame( self::$key_option, $card['authentication']['settingName'] );
		$this->assertSame( 'database', $card['authentication']['keySource'] );
		$this->assertTrue( $card['authentication']['isConnected'] );
		$connector = wp_get_connector( EndpointProvider::ID );
		$this->assertSame( 'IACP_OPENAI_COMPATIBLE_API_KEY', $connector['authentication']['constant_name'] ?? null );
		$this->assertSame( 'IACP_OPENAI_COMPATIBLE_API_KEY', $connector['authentication']['env_var_name'] ?? null );
	}

	public function test_a_wrong_key_or_no_address_is_not_connected_and_no_address_asks_nothing(): void {
		if ( ! ProviderSource::has_ai_client() ) {
			$this->assertFalse( function_exists( '_wp_connectors_is_ai_api_key_valid' ) );
			return;
		}
		$this->connect_endpoint();
		$this->assertTrue( _wp_connectors_is_ai_api_key_valid( 'test-key', EndpointProvider::ID ), 'core’s key check: the server lists its models' );
		$this->assertFalse( _wp_connectors_is_ai_api_key_valid( '', EndpointProvider::ID ), 'no key: the test server answers 401' );

		$this->settings( array( 'connector_base_url' => '' ) );
		$this->control( 'POST', '/__control/reset' );
		$card = _wp_connectors_get_connector_script_module_data( array() )['connectors'][ EndpointProvider::ID ];
		$this->assertFalse( $card['authentication']['isConnected'] );
		$this->assertSame( array(), $this->server_requests(), 'no base URL: no request' );
	}

	public function test_only_who_manages_connectors_moves_the_connectors_address(): void {
		$manager = $this->user( 'editor' );
		$grant   = static function ( array $caps ): array {
			return array( \IACP\Security\Capabilities::MANAGE_JOBS => true ) + $caps;
		};
		add_filter( 'user_has_cap', $grant );
		try {
			wp_set_current_user( $manager );
			$moved = $this->rest( 'POST', '/iacp/v1/settings', array( 'connector_base_url' => 'https://collector.example/v1' ) );
			$other = $this->rest( 'POST', '/iacp/v1/settings', array( 'retry_base_seconds' => 7 ) );
		} finally {
			remove_filter( 'user_has_cap', $grant );
		}

		$this->assertSame( 403, $moved->get_status() );
		$this->assertSame( 'iacp_connector_forbidden', $moved->get_data()['code'] ?? null );
		$this->assertSame( 'connector_base_url', $moved->get_data()['data']['field'] ?? null );
		$this->assertSame( '', iacp()->settings()->get( 'connector_base_url' ), 'nothing changed' );
		$this->assertSame( 200, $other->get_status(), 'the rest of the settings stay theirs' );

		$admin = $this->rest_as_admin( 'POST', '/iacp/v1/settings', array( 'connector_base_url' => AiServerTestCase::ai_url() ) );
		$this->assertSame( 200, $admin->get_status() );
		$this->assertSame( AiServerTestCase::ai_url(), $admin->get_data()['connector_base_url'] );
		$this->assertArrayNotHasKey( self::$key_option, $admin->get_data(), 'no connector key in our answer' );
	}

	/**
	 * @param array<string, mixed> $body JSON body.
	 */
	private function rest_as_admin( string $method, string $route, array $body = array() ): \WP_REST_Response {
		wp_set_current_user( $this->user( 'administrator' ) );
		return $this->rest( $method, $route, $body );
	}
}
