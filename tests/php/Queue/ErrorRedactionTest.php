<?php
/**
 * Error text shown to a job's owner is ours: never the provider's own words, never the API key, never a server
 * path. Managers (iacp_manage_jobs) read the full detail in the job log — still without the key, which appears
 * nowhere, not even in the database.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

use IACP\Jobs\Job;
use IACP\Jobs\JobContext;
use IACP\Jobs\JobHandler;
use IACP\Jobs\PermanentJobError;
use IACP\Queue\RunnerBudget;
use IACP\Settings\ApiKeyStore;
use IACP\Tests\Providers\AiServerTestCase;
use IACP\Tests\Providers\HeaderRecorder;

final class ErrorRedactionTest extends AiServerTestCase {

	private const THROWING = 'redaction_probe';

	private int $owner;

	private int $manager;

	protected function setUp(): void {
		parent::setUp();
		add_filter( 'iacp_instant_kick', '__return_false' );
		if ( ! iacp()->job_types()->has( self::THROWING ) ) {
			iacp()->job_types()->register( self::THROWING, self::throwing_handler() );
		}
		$this->owner   = $this->user( 'author' );
		$this->manager = $this->user( 'administrator' );
	}

	protected function tearDown(): void {
		remove_filter( 'iacp_instant_kick', '__return_false' );
		parent::tearDown();
	}

	/**
	 * Throws what its input names: an internal exception or a handler's own error, both naming a server path.
	 */
	private static function throwing_handler(): JobHandler {
		return new class() implements JobHandler {
			public function input_schema(): array {
				return array( 'type' => 'object' );
			}

			public function time_limit(): int {
				return 10;
			}

			public function default_max_attempts(): int {
				return 1;
			}

			public function handle( Job $job, JobContext $context ): array {
				if ( 'internal' === ( $job->input['throw'] ?? '' ) ) {
					throw new \RuntimeException( 'Cannot open ' . ABSPATH . 'wp-config.php for reading' );
				}
				throw new PermanentJobError( 'The file /var/lib/iacp-probe/input.txt could not be read.', 'probe_failed' );
			}
		};
	}

	/**
	 * Queues a job as the owner, runs it here, and returns its public id.
	 *
	 * @param array<string, mixed> $input Input.
	 */
	private function run_as_owner( string $type, array $input ): string {
		wp_set_current_user( $this->owner );
		$queued = iacp()->job_queue()->enqueue( $type, $input, array( 'max_attempts' => 1 ) );
		wp_set_current_user( 0 );
		$this->assertNotWPError( $queued );
		iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 20, 0, 1, 0.0, 0.05, array( $type ) ) );
		return $queued->job->public_id;
	}

	/**
	 * The job as a user reads it through the REST API, as JSON text.
	 */
	private function read_as( int $user, string $id ): string {
		wp_set_current_user( $user );
		$answer = $this->rest( 'GET', '/iacp/v1/jobs/' . $id );
		$this->assertSame( 200, $answer->get_status() );
		$this->assertSame( 'failed', $answer->get_data()['status'] );
		return (string) wp_json_encode( $answer->get_data(), JSON_UNESCAPED_SLASHES );
	}

	public function test_a_provider_message_echoing_the_key_and_a_path_reaches_neither_owner_nor_database(): void {
		$provider = new HeaderRecorder( 'echo401' );
		$key      = 'sk-echoed-' . wp_generate_password( 24, false );
		try {
			$this->settings( array( 'provider_base_url' => $provider->url( '/v1' ) ) );
			( new ApiKeyStore() )->save( $key );
			$id = $this->run_as_owner(
				'text',
				array(
					'mode' => 'rewrite',
					'text' => 'Rewrite me, please.',
				)
			);
			$this->assertStringContainsString( $key, $provider->seen(), 'the provider got the key and echoed it' );
		} finally {
			$provider->stop();
		}

		$owner_view   = $this->read_as( $this->owner, $id );
		$manager_view = $this->read_as( $this->manager, $id );
		global $wpdb;
		$stored = (string) wp_json_encode( $wpdb->get_row( $wpdb->prepare( 'SELECT error_message, log FROM ' . $this->jobs_table() . ' WHERE public_id = %s', $id ), ARRAY_A ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared

		$this->assertStringContainsString( 'The AI provider refused the API key.', $owner_view );
		foreach ( array( $key, 'marker-provider-words', '/srv/provider', '"detail"' ) as $secret ) {
			$this->assertStringNotContainsString( $secret, $owner_view, "the owner sees {$secret}" );
		}
		$this->assertStringContainsString( 'marker-provider-words', $manager_view, 'managers see the provider’s words in the log' );
		$this->assertStringContainsString( 'HTTP 401', $manager_view );
		$this->assertStringContainsString( '[redacted]', $manager_view );
		$this->assertStringNotContainsString( $key, $manager_view );
		$this->assertStringNotContainsString( $key, $stored, 'the key is not stored with the job' );
	}

	public function test_an_internal_exception_reaches_the_owner_as_words_and_managers_in_full(): void {
		$id = $this->run_as_owner( self::THROWING, array( 'throw' => 'internal' ) );

		$owner_view   = $this->read_as( $this->owner, $id );
		$manager_view = $this->read_as( $this->manager, $id );

		$this->assertStringContainsString( 'The job stopped on an unexpected error.', $owner_view );
		foreach ( array( ABSPATH, 'wp-config.php', 'RuntimeException', '"detail"' ) as $internal ) {
			$this->assertStringNotContainsString( $internal, $owner_view, "the owner sees {$internal}" );
		}
		$this->assertStringContainsString( 'RuntimeException: Cannot open ' . ABSPATH . 'wp-config.php for reading', $manager_view );
	}

	public function test_a_server_path_in_a_handlers_own_message_is_hidden_from_the_owner_only(): void {
		$id = $this->run_as_owner( self::THROWING, array( 'throw' => 'permanent' ) );

		$owner_view   = $this->read_as( $this->owner, $id );
		$manager_view = $this->read_as( $this->manager, $id );

		$this->assertStringContainsString( 'The file [path] could not be read.', $owner_view );
		$this->assertStringNotContainsString( '/var/lib/iacp-probe', $owner_view );
		$this->assertStringContainsString( '/var/lib/iacp-probe/input.txt', $manager_view );
	}

	public function test_test_connection_shows_managers_the_providers_words_without_the_key(): void {
		$provider = new HeaderRecorder( 'echo401' );
		$key      = 'sk-echoed-' . wp_generate_password( 24, false );
		try {
			wp_set_current_user( $this->manager );
			$answer = $this->rest(
				'POST',
				'/iacp/v1/settings/test-connection',
				array(
					'provider_base_url' => $provider->url( '/v1' ),
					'api_key'           => $key,
				)
			);
		} finally {
			$provider->stop();
		}

		$this->assertSame( 'provider_auth', $answer->get_data()['error']['code'] );
		$this->assertStringContainsString( 'marker-provider-words', $answer->get_data()['error']['message'] );
		$this->assertStringNotContainsString( $key, (string) wp_json_encode( $answer->get_data() ) );
	}
}
