<?php
/**
 * Base for tests that talk to the local test AI server (tools/ai-server) over real HTTP: points the settings and
 * the API key at it for the test and restores both afterwards.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Providers;

use IACP\Jobs\Job;
use IACP\Providers\OpenAiCompatibleProvider;
use IACP\Queue\RunnerBudget;
use IACP\Providers\ProviderConfig;
use IACP\Settings\ApiKeyStore;
use IACP\Settings\Settings;
use IACP\Tests\IntegrationTestCase;

abstract class AiServerTestCase extends IntegrationTestCase {

	/** @var mixed */
	private $saved_settings;

	/** @var mixed */
	private $saved_key;

	protected function setUp(): void {
		parent::setUp();
		$this->saved_settings = get_option( Settings::OPTION, null );
		$this->saved_key      = get_option( ApiKeyStore::OPTION, null );
		$this->settings(
			array(
				'provider_base_url'            => self::ai_url(),
				'text_model'                   => 'iacp-text-1',
				'image_model'                  => 'iacp-image-1',
				'provider_max_in_flight'       => 100,
				'provider_requests_per_minute' => 100000,
			)
		);
		( new ApiKeyStore() )->save( 'test-key' );
		delete_option( \IACP\Providers\ProviderThrottle::OPTION );
		$this->control( 'POST', '/__control/reset' );
	}

	protected function tearDown(): void {
		foreach ( array( Settings::OPTION => $this->saved_settings, ApiKeyStore::OPTION => $this->saved_key ) as $option => $value ) {
			if ( null === $value ) {
				delete_option( $option );
			} else {
				update_option( $option, $value, false );
			}
		}
		delete_option( \IACP\Providers\ProviderThrottle::OPTION );
		parent::tearDown();
	}

	public static function ai_url(): string {
		$url = (string) getenv( 'IACP_AI_URL' );
		return '' !== $url ? rtrim( $url, '/' ) : 'http://127.0.0.1:8191/v1';
	}

	/**
	 * Changes settings for this test.
	 *
	 * @param array<string, mixed> $changes Settings.
	 */
	protected function settings( array $changes ): void {
		$result = ( new Settings() )->update( $changes );
		$this->assertIsArray( $result, 'settings accepted' );
	}

	protected function provider( float $read_timeout = 10.0, string $key = 'test-key' ): OpenAiCompatibleProvider {
		return new OpenAiCompatibleProvider( static fn(): ProviderConfig => new ProviderConfig( self::ai_url(), $key, 'iacp-text-1', 'iacp-image-1', 2.0, $read_timeout ) );
	}

	/**
	 * Calls a /__control route of the test server.
	 *
	 * @return mixed Decoded JSON.
	 */
	protected function control( string $method, string $path ) {
		$base     = (string) preg_replace( '#/v1$#', '', self::ai_url() );
		$response = wp_remote_request( $base . $path, array( 'method' => $method, 'timeout' => 5 ) );
		$this->assertNotWPError( $response );
		return json_decode( (string) wp_remote_retrieve_body( $response ), true );
	}

	/**
	 * The test server's log of /v1 requests.
	 *
	 * @return list<array<string, mixed>>
	 */
	protected function server_requests(): array {
		$log = $this->control( 'GET', '/__control/requests' );
		return is_array( $log ) ? array_values( array_filter( $log, static fn( $entry ): bool => is_array( $entry ) && ! str_starts_with( (string) $entry['path'], '/v1/files' ) ) ) : array();
	}

	/**
	 * @param mixed $value Value.
	 */
	protected function assertNotWPError( $value ): void {
		$this->assertFalse( is_wp_error( $value ), is_wp_error( $value ) ? $value->get_error_message() : '' );
	}

	/**
	 * Queues a rewrite of $text (three attempts).
	 */
	protected function enqueue_rewrite( string $text ): Job {
		$result = iacp()->job_queue()->enqueue(
			'text',
			array(
				'mode' => 'rewrite',
				'text' => $text,
			),
			array( 'max_attempts' => 3 )
		);
		$this->assertNotWPError( $result );
		return $result->job;
	}

	/**
	 * Runs the real runner in this process, for jobs of $types, until the job is finished (retries wait for their
	 * backoff).
	 *
	 * @param list<string> $types Job types the runner takes.
	 */
	protected function run_until_finished( Job $job, int $seconds, array $types = array( 'text' ) ): Job {
		$deadline = microtime( true ) + $seconds;
		do {
			iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 15, 0, 0, 0.0, 0.05, $types ) );
			$current = iacp()->job_repository()->find( $job->id );
			$this->assertNotNull( $current );
			if ( $current->is_finished() ) {
				return $current;
			}
			usleep( 200000 );
		} while ( microtime( true ) < $deadline );
		$this->fail( 'the job did not finish in time: ' . wp_json_encode( $current->log ) );
	}
}
