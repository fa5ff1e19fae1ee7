<?php
/**
 * The API key only ever goes to the saved base URL's origin: a listener on another local port records every header
 * it gets and must never see the key — not through "test connection" with another URL, not through a redirect, not
 * after a settings change without the key, whether the key is stored or set as the IACP_API_KEY environment variable.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Providers;

use IACP\Jobs\PermanentJobError;
use IACP\Jobs\RetryableJobError;
use IACP\Providers\OpenAiCompatibleProvider;
use IACP\Providers\ProviderConfig;
use IACP\Settings\ApiKeyStore;
use IACP\Settings\Settings;

final class ApiKeyOriginTest extends AiServerTestCase {

	private string $key;

	private HeaderRecorder $other_host;

	protected function setUp(): void {
		parent::setUp();
		$this->key = 'sk-saved-' . wp_generate_password( 24, false );
		( new ApiKeyStore() )->save( $this->key );
		$this->other_host = new HeaderRecorder();
		wp_set_current_user( $this->user( 'administrator' ) );
	}

	protected function tearDown(): void {
		$this->other_host->stop();
		putenv( ApiKeyStore::CONSTANT );
		parent::tearDown();
	}

	private function assertOtherHostNeverSawTheKey( string $key ): void {
		$this->assertStringNotContainsString( $key, $this->other_host->seen(), 'the other host saw the key' );
	}

	public function test_testing_another_origin_without_a_key_is_refused_and_sends_nothing(): void {
		$answer = $this->rest( 'POST', '/iacp/v1/settings/test-connection', array( 'provider_base_url' => $this->other_host->url( '/v1' ) ) );

		$this->assertSame( 400, $answer->get_status(), (string) wp_json_encode( $answer->get_data() ) );
		$this->assertSame( 'iacp_api_key_required', $answer->get_data()['code'] );
		$this->assertSame( 'api_key', $answer->get_data()['data']['field'] );
		$this->assertSame( array(), $this->other_host->requests() );
		$this->assertOtherHostNeverSawTheKey( $this->key );
	}

	public function test_testing_another_origin_uses_only_the_key_sent_with_it(): void {
		$answer = $this->rest(
			'POST',
			'/iacp/v1/settings/test-connection',
			array(
				'provider_base_url' => $this->other_host->url( '/v1' ),
				'api_key'           => 'sk-typed-for-this-test',
			)
		);

		$this->assertSame( 200, $answer->get_status() );
		$this->assertTrue( $answer->get_data()['ok'], (string) wp_json_encode( $answer->get_data() ) );
		$this->assertSame( array( 'recorder-model' ), $answer->get_data()['models'] );
		$requests = $this->other_host->requests();
		$this->assertCount( 1, $requests );
		$this->assertSame( 'Bearer sk-typed-for-this-test', $requests[0]['headers']['Authorization'] ?? null );
		$this->assertOtherHostNeverSawTheKey( $this->key );
	}

	public function test_the_saved_origin_still_gets_the_saved_key(): void {
		$answer = $this->rest( 'POST', '/iacp/v1/settings/test-connection', array( 'provider_base_url' => self::ai_url() . '/' ) );

		$this->assertTrue( $answer->get_data()['ok'], (string) wp_json_encode( $answer->get_data() ) );
	}

	public function test_a_key_from_the_environment_never_goes_to_another_origin_either(): void {
		$env_key = 'sk-env-' . wp_generate_password( 24, false );
		putenv( ApiKeyStore::CONSTANT . '=' . $env_key );
		$this->assertSame( 'environment', ( new ApiKeyStore() )->source() );

		$tested  = $this->rest( 'POST', '/iacp/v1/settings/test-connection', array( 'provider_base_url' => $this->other_host->url( '/v1' ) ) );
		$changed = $this->rest( 'POST', '/iacp/v1/settings', array( 'provider_base_url' => $this->other_host->url( '/v1' ) ) );
		$this->provider_from_settings()->models();

		$this->assertSame( 400, $tested->get_status() );
		$this->assertSame( 400, $changed->get_status() );
		$this->assertSame( 'iacp_api_key_required', $changed->get_data()['code'] );
		$this->assertSame( self::ai_url(), ( new Settings() )->get( 'provider_base_url' ), 'the base URL did not move' );
		$this->assertOtherHostNeverSawTheKey( $env_key );
		$this->assertOtherHostNeverSawTheKey( $this->key );
	}

	public function test_the_environment_key_moves_only_when_sent_along_and_is_not_copied_into_the_database(): void {
		$env_key = 'sk-env-' . wp_generate_password( 24, false );
		putenv( ApiKeyStore::CONSTANT . '=' . $env_key );
		$stored = get_option( ApiKeyStore::OPTION );

		$changed = $this->rest(
			'POST',
			'/iacp/v1/settings',
			array(
				'provider_base_url' => $this->other_host->url( '/v1' ),
				'api_key'           => $env_key,
			)
		);

		$this->assertSame( 200, $changed->get_status(), (string) wp_json_encode( $changed->get_data() ) );
		$this->assertSame( $stored, get_option( ApiKeyStore::OPTION ), 'the stored key is untouched' );
	}

	public function test_moving_the_saved_base_url_needs_the_key_or_its_removal_in_the_same_request(): void {
		$moved_alone = $this->rest( 'POST', '/iacp/v1/settings', array( 'provider_base_url' => $this->other_host->url( '/v1' ) ) );
		$this->provider_from_settings()->models();

		$this->assertSame( 400, $moved_alone->get_status() );
		$this->assertSame( 'api_key', $moved_alone->get_data()['data']['field'] );
		$this->assertSame( self::ai_url(), ( new Settings() )->get( 'provider_base_url' ), 'nothing saved' );
		$this->assertSame( $this->key, ( new ApiKeyStore() )->key() );
		$this->assertSame( array(), $this->other_host->requests(), 'jobs still talk to the saved provider' );

		$same_origin = $this->rest( 'POST', '/iacp/v1/settings', array( 'provider_base_url' => self::ai_url() . '/' ) );
		$this->assertSame( 200, $same_origin->get_status(), 'another path on the same origin needs no key' );

		$with_removal = $this->rest(
			'POST',
			'/iacp/v1/settings',
			array(
				'provider_base_url' => $this->other_host->url( '/v1' ),
				'api_key'           => '',
			)
		);
		$this->assertSame( 200, $with_removal->get_status() );
		$this->assertFalse( $with_removal->get_data()['api_key_set'] );

		$back_with_key = $this->rest(
			'POST',
			'/iacp/v1/settings',
			array(
				'provider_base_url' => self::ai_url(),
				'api_key'           => $this->key,
			)
		);
		$this->assertSame( 200, $back_with_key->get_status() );
		$this->assertTrue( $back_with_key->get_data()['api_key_set'] );
		$this->assertOtherHostNeverSawTheKey( $this->key );
	}

	public function test_a_redirect_to_another_origin_is_reported_never_followed_with_the_key(): void {
		$redirector = new HeaderRecorder( 'redirect', $this->other_host->url() );
		$outcomes   = array();
		try {
			$this->settings( array( 'provider_base_url' => $redirector->url( '/v1' ) ) );
			$provider = $this->provider_from_settings();
			$calls    = array(
				'models'        => static fn() => $provider->models(),
				'chat'          => static fn() => $provider->chat( array( array( 'role' => 'user', 'content' => 'Hi' ) ) ),
				'streamed chat' => static fn() => $provider->chat( array( array( 'role' => 'user', 'content' => 'Hi' ) ), array(), static function (): void {} ),
				'image'         => static fn() => $provider->images( 'A kite', '256x256', 1 ),
			);
			foreach ( $calls as $name => $call ) {
				try {
					$call();
					$outcomes[ $name ] = 'no error';
				} catch ( PermanentJobError | RetryableJobError $error ) {
					$outcomes[ $name ] = $error;
				}
			}
			$this->assertCount( 4, $redirector->requests(), 'the configured origin was asked' );
		} finally {
			$redirector->stop();
		}
		$this->assertOtherHostNeverSawTheKey( $this->key );
		$this->assertSame( array(), $this->other_host->requests() );
		$this->assertCount( 4, $outcomes );
		foreach ( $outcomes as $name => $error ) {
			$this->assertInstanceOf( PermanentJobError::class, $error, "{$name}: no error for a redirect" );
			$this->assertSame( 'provider_redirect', $error->error_code(), $name );
			$this->assertStringContainsString( $this->other_host->url(), $error->detail(), "{$name}: managers see where it pointed" );
		}
	}

	private function provider_from_settings(): OpenAiCompatibleProvider {
		return new OpenAiCompatibleProvider( static fn(): ProviderConfig => ProviderConfig::from_settings( new Settings(), new ApiKeyStore() ) );
	}
}
