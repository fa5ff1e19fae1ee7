<?php
/**
 * Providers that hang, against the local test AI server's `hang` (accepts the request, never answers) and `stall`
 * (starts a stream, then sends nothing on an open connection), and a listener that never accepts the connection: the
 * connect, read and idle timeouts from Settings cut them off with the right error code, the job's own time limit bounds the worker, and the event stream shows the stall.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Providers;

use IACP\Jobs\Job;
use IACP\Jobs\JobStatus;
use IACP\Jobs\RetryableJobError;
use IACP\Providers\OpenAiCompatibleProvider;
use IACP\Providers\ProviderConfig;
use IACP\Queue\RunnerBudget;
use IACP\Tests\HttpClient;
use IACP\Tests\Queue\Process;
use IACP\Tests\TestEnvironment;

final class HangingProviderTest extends AiServerTestCase {

	protected function setUp(): void {
		parent::setUp();
		add_filter( 'iacp_instant_kick', '__return_false' );
	}

	protected function tearDown(): void {
		remove_filter( 'iacp_instant_kick', '__return_false' );
		parent::tearDown();
	}

	public function test_a_provider_that_never_accepts_the_connection_is_cut_off_by_the_connect_timeout(): void {
		// A listener whose accept queue (backlog 0) is full: the kernel drops further connection attempts unanswered.
		$server = stream_socket_server( 'tcp://127.0.0.1:0', $errno, $error, STREAM_SERVER_BIND | STREAM_SERVER_LISTEN, stream_context_create( array( 'socket' => array( 'backlog' => 0 ) ) ) );
		$this->assertNotFalse( $server, $error );
		$address = (string) stream_socket_get_name( $server, false );
		$queued  = array();
		for ( $i = 0; $i < 3; $i++ ) {
			$queued[] = @stream_socket_client( 'tcp://' . $address, $errno, $error, 0.3, STREAM_CLIENT_CONNECT | STREAM_CLIENT_ASYNC_CONNECT ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- the last ones are meant to go unanswered.
		}
		usleep( 200000 );
		// Connect timeout 1 s, read timeout 30 s: the error must be the connect timeout's.
		$provider = new OpenAiCompatibleProvider( static fn(): ProviderConfig => new ProviderConfig( 'http://' . $address . '/v1', 'test-key', 'iacp-text-1', 'iacp-image-1', 1.0, 30.0, 30.0 ) );
		try {
			$provider->chat(
				array(
					array(
						'role'    => 'user',
						'content' => 'Hello',
					),
				)
			);
			$this->fail( 'a provider that never accepts the connection must not end as an answer' );
		} catch ( RetryableJobError $timeout ) {
			$this->assertSame( 'provider_timeout', $timeout->error_code() );
			$this->assertMatchesRegularExpression( '/cURL error 28: (Failed to connect|Connection timed out).* after 1\d\d\d m/', $timeout->detail(), 'cut off at the 1 s connect timeout' );
		} finally {
			array_map( static fn( $socket ) => is_resource( $socket ) && fclose( $socket ), $queued );
			fclose( $server );
		}
	}

	public function test_a_stream_that_stops_is_cut_off_by_the_idle_timeout_after_its_first_words(): void {
		$provider = new OpenAiCompatibleProvider( static fn(): ProviderConfig => new ProviderConfig( self::ai_url(), 'test-key', 'iacp-text-1', 'iacp-image-1', 2.0, 30.0, 2.0 ) );
		$seen     = '';
		try {
			$provider->chat(
				array(
					array(
						'role'    => 'user',
						'content' => 'Begin then stop [[fault:stall]]',
					),
				),
				array(),
				static function ( string $text ) use ( &$seen ): void {
					$seen = $text;
				}
			);
			$this->fail( 'a stalled stream must not end as an answer' );
		} catch ( RetryableJobError $error ) {
			$this->assertSame( 'provider_stalled', $error->error_code() );
			$this->assertStringContainsString( 'stopped sending its answer for 2 seconds', $error->getMessage() );
		}
		$this->assertStringStartsWith( '"Begin then stop"', $seen, 'the words before the stall arrived' );
	}

	public function test_a_provider_that_never_answers_is_cut_off_by_the_read_timeout_and_the_job_retries(): void {
		$this->settings(
			array(
				'read_timeout'       => 5,
				'retry_base_seconds' => 30,
			)
		);
		$job     = $this->text_job( 'Say something [[fault:hang]]', 2 );
		$summary = iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 60, 0, 1, 0.0, 0.05, array( 'test_text' ) ) );
		$this->assertSame( array( 'retried' => 1 ), $summary->outcomes, (string) wp_json_encode( $summary->to_array() ) );
		$retried = $this->find( $job );
		$this->assertSame( JobStatus::PENDING, $retried->status );
		$this->assertSame( 'provider_timeout', $retried->error_code );
		$this->assertStringContainsString( 'sent no answer within 5 seconds', (string) $retried->error_message );
	}

	public function test_no_worker_waits_on_a_provider_past_the_job_s_own_time_limit(): void {
		// A read timeout far longer than the 3 s time limit of test_ai_limited.
		$this->settings( array( 'read_timeout' => 60 ) );
		$job     = iacp()->job_queue()->enqueue( 'test_ai_limited', array( 'prompt' => 'Think [[fault:hang]]' ) );
		$summary = iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 60, 0, 1, 0.0, 0.05, array( 'test_ai_limited' ) ) );
		$this->assertNotWpError( $job );
		$this->assertSame( array( 'failed' => 1 ), $summary->outcomes );
		$failed = $this->find( $job->job );
		$this->assertSame( 'timeout', $failed->error_code, 'the job\'s limit ended the wait, not the 60 s read timeout' );
	}

	public function test_the_event_stream_shows_the_stall_and_the_job_retries_as_provider_stalled(): void {
		$this->settings(
			array(
				'read_timeout' => 10,
				'idle_timeout' => 8,
			)
		);
		$auth   = HttpClient::application_password_for( $this->user( 'administrator' ) );
		$job    = $this->text_job( 'Tell a story [[fault:stall]]', 1 );
		$worker = Process::worker( (string) TestEnvironment::load( 'IACP_ENV_FILE', 'test' )['wp_path'], array( '--max-jobs=1', '--type=test_text', '--sleep=0.1', '--time-limit=60' ) );
		$stream = HttpClient::for_test_site()->request( 'GET', '/wp-json/iacp/v1/jobs/' . $job->public_id . '/events?lifetime=40', null, array(), $auth, 60 );
		$this->assertSame( 0, $worker->wait( 30 ), 'the worker was not kept: ' . $worker->stderr() );

		preg_match_all( '/^event: job\ndata: (.+)$/m', $stream['body'], $events );
		$jobs   = array_map( static fn( string $json ) => json_decode( $json, true ), $events[1] );
		$stages = array_column( $jobs, 'stage' );
		$this->assertNotEmpty( preg_grep( '/^Waiting for the AI provider: nothing received for [5-7] s$/', $stages ), 'the stall is visible while it lasts: ' . implode( ' | ', $stages ) );
		$final = end( $jobs );
		$this->assertSame( 'failed', $final['status'] );
		$this->assertSame( 'provider_stalled', $final['error']['code'] );
		$this->assertStringContainsString( "event: end\n", $stream['body'] );
		$this->assertStringStartsWith( '"Tell a story"', (string) $this->find( $job )->partial_output, 'what arrived before the stall is kept as partial output' );
	}

	private function text_job( string $prompt, int $attempts ): Job {
		// test_text: the text type under a name the site's own web runners leave to this test.
		$result = iacp()->job_queue()->enqueue(
			'test_text',
			array(
				'mode'   => 'generate',
				'prompt' => $prompt,
			),
			array( 'max_attempts' => $attempts )
		);
		$this->assertNotWpError( $result );
		return $result->job;
	}

	private function find( Job $job ): Job {
		$found = iacp()->job_repository()->find( $job->id );
		$this->assertNotNull( $found );
		return $found;
	}
}
