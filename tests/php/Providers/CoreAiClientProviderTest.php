<?php
/**
 * Jobs through the core AI client (WordPress ≥ 7.0), with our connector pointed at the test AI server: a text and
 * an image job complete through `wp_ai_client_prompt()` in the worker, their usage is recorded as the provider
 * reported it, and the client's errors are classified as the plugin's own provider's are. On WordPress before 7.0
 * there is no source to choose and jobs run as they always did.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Providers;

use IACP\Jobs\JobStatus;
use IACP\Providers\ProviderSource;
use IACP\Queue\RunnerBudget;
use IACP\Tests\Connectors\UsesEndpointConnector;

final class CoreAiClientProviderTest extends AiServerTestCase {

	use UsesEndpointConnector;

	protected function setUp(): void {
		parent::setUp();
		add_filter( 'iacp_instant_kick', '__return_false' );
		$this->settings(
			array(
				'retry_base_seconds' => 1,
				'retry_cap_seconds'  => 1,
			)
		);
		if ( ProviderSource::has_ai_client() ) {
			$this->connect_endpoint();
			$this->settings( array( 'provider_source' => ProviderSource::CONNECTORS ) );
		}
	}

	protected function tearDown(): void {
		remove_filter( 'iacp_instant_kick', '__return_false' );
		$this->disconnect_endpoint();
		parent::tearDown();
	}

	public function test_before_wordpress_7_there_is_no_source_to_choose_and_a_text_job_runs_as_today(): void {
		wp_set_current_user( $this->user( 'administrator' ) );
		$settings = $this->rest( 'GET', '/iacp/v1/settings' )->get_data();
		if ( ProviderSource::has_ai_client() ) {
			$this->assertTrue( $settings['ai_client'] );
			$this->assertSame( ProviderSource::CONNECTORS, $settings['provider_source_in_force'] );
			$this->assertContains( 'iacp-openai-compatible/iacp-text-1', array_column( $settings['connector_models']['text'], 'value' ) );
			$this->assertSame( array( 'iacp-openai-compatible/iacp-image-1' ), array_column( $settings['connector_models']['image'], 'value' ) );
			return;
		}
		$this->assertFalse( $settings['ai_client'] );
		$this->assertArrayNotHasKey( 'provider_source_in_force', $settings );
		$this->assertSame( ProviderSource::ENDPOINT, ( new ProviderSource( iacp()->settings() ) )->current() );
		// Even a stored choice of the connectors changes nothing here.
		$this->settings( array( 'provider_source' => ProviderSource::CONNECTORS ) );

		$done = $this->run_until_finished( $this->enqueue_rewrite( 'Rewrite as usual, please.' ), 30, array( 'text' ) );

		$this->assertSame( JobStatus::COMPLETED, $done->status, (string) wp_json_encode( $done->log ) );
		$chat = $this->chat_requests( 'Rewrite as usual' );
		$this->assertCount( 1, $chat );
		$this->assertTrue( $chat[0]['stream'], 'the plugin’s own provider, streaming as before' );
	}

	public function test_a_text_job_completes_through_the_core_client_with_its_usage_recorded(): void {
		if ( ! ProviderSource::has_ai_client() ) {
			$this->assertFalse( function_exists( 'wp_ai_client_prompt' ) );
			return;
		}
		$done = $this->run_until_finished( $this->enqueue_rewrite( 'Rewrite through the connector, please.' ), 30, array( 'text' ) );

		$this->assertSame( JobStatus::COMPLETED, $done->status, (string) wp_json_encode( $done->log ) );
		$this->assertStringStartsWith( '"Rewrite the following text so it" — ', (string) ( $done->result['text'] ?? '' ), 'the test server’s answer to the job’s prompt' );
		$chat = $this->chat_requests( 'Rewrite through the connector' );
		$this->assertCount( 1, $chat );
		$this->assertFalse( $chat[0]['stream'], 'the core client does not stream' );
		$this->assertSame( 'iacp-text-1', $chat[0]['model'] );
		$this->assertGreaterThan( 0, $done->prompt_tokens );
		$this->assertGreaterThan( 0, $done->completion_tokens );
		$ledger = array_values( array_filter( iacp()->usage_ledger()->entries_for_job( $done->id ), static fn( array $row ): bool => 'tokens' === $row['kind'] ) );
		$this->assertCount( 1, $ledger, 'one attempt, one ledger row' );
		$this->assertSame( array( $done->prompt_tokens, $done->completion_tokens, 0 ), array( (int) $ledger[0]['prompt_tokens'], (int) $ledger[0]['completion_tokens'], (int) $ledger[0]['estimated'] ), 'reported by the provider, not estimated' );
	}

	public function test_an_image_job_completes_through_the_core_client(): void {
		if ( ! ProviderSource::has_ai_client() ) {
			$this->assertFalse( function_exists( 'wp_ai_client_prompt' ) );
			return;
		}
		$queued = iacp()->job_queue()->enqueue(
			'image',
			array(
				'prompt' => 'A kite over the connector',
				'size'   => '1024x1024',
				'count'  => 1,
			)
		);
		$this->assertNotWPError( $queued );

		$done = $this->run_until_finished( $queued->job, 30, array( 'image' ) );

		$this->assertSame( JobStatus::COMPLETED, $done->status, (string) wp_json_encode( $done->log ) );
		$images = (array) ( $done->result['images'] ?? array() );
		$this->assertCount( 1, $images, (string) wp_json_encode( $done->result ) );
		$this->assertSame( 'completed', $images[0]['status'] ?? null );
		$generations = array_values( array_filter( $this->server_requests(), static fn( array $r ): bool => '/v1/images/generations' === $r['path'] ) );
		$this->assertCount( 1, $generations );
		$this->assertSame( 'iacp-image-1', $generations[0]['model'] );
		$this->assertSame( 'A kite over the connector', $generations[0]['prompt'] );
		$id = (int) ( $images[0]['attachment_id'] ?? 0 );
		$this->assertSame( 'image/png', get_post_mime_type( $id ), 'a PNG in the Media Library' );
		$this->assertSame( array( 1024, 1024 ), array( (int) wp_get_attachment_metadata( $id )['width'], (int) wp_get_attachment_metadata( $id )['height'] ) );
		wp_delete_attachment( $id, true );
	}

	public function test_errors_of_the_core_client_are_classified_with_the_providers_retry_after(): void {
		if ( ! ProviderSource::has_ai_client() ) {
			$this->assertFalse( function_exists( 'wp_ai_client_prompt' ) );
			return;
		}
		$job    = $this->enqueue_rewrite( 'Slow down. [[fault:429 times=1 key=' . wp_generate_password( 10, false ) . ']] [[retry-after:3]]' );
		$before = time();
		iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 10, 0, 1, 0.0, 0.05, array( 'text' ) ) );
		$waiting = iacp()->job_repository()->find( $job->id );
		$this->assertNotNull( $waiting );
		$this->assertSame( JobStatus::PENDING, $waiting->status );
		$this->assertSame( 'provider_rate_limited', $waiting->error_code );
		$this->assertStringContainsString( 'rate limiting', (string) $waiting->error_message );
		$this->assertGreaterThanOrEqual( $before + 3, $waiting->available_at, 'the provider’s Retry-After beats the 1 s backoff' );

		$refused = $this->run_until_finished( $this->enqueue_rewrite( 'Refused. [[fault:401]]' ), 30, array( 'text' ) );
		$this->assertSame( JobStatus::FAILED, $refused->status );
		$this->assertSame( 1, $refused->attempts, 'permanent: no retry' );
		$this->assertSame( 'provider_auth', $refused->error_code );

		$this->settings( array( 'connector_text_model' => 'no-such-connector/any' ) );
		$nowhere = $this->run_until_finished( $this->enqueue_rewrite( 'Nowhere to go.' ), 30, array( 'text' ) );
		$this->assertSame( JobStatus::FAILED, $nowhere->status );
		$this->assertSame( 'provider_no_model', $nowhere->error_code );
		$this->assertStringContainsString( 'Settings → Connectors', (string) $nowhere->error_message );
	}

	/**
	 * Chat requests the test server saw whose prompt starts with $start.
	 *
	 * @return list<array<string, mixed>>
	 */
	private function chat_requests( string $start ): array {
		return array_values( array_filter( $this->server_requests(), static fn( array $r ): bool => '/v1/chat/completions' === $r['path'] && str_contains( (string) $r['prompt'], $start ) ) );
	}
}
