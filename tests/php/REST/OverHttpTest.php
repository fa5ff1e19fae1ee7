<?php
/**
 * The API as a browser or an outside client meets it, over real HTTP to the test site: concurrent idempotent
 * requests, cookie auth and nonces, the runner secret, the event stream, and an API key that never leaks.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\REST;

use IACP\Settings\ApiKeyStore;
use IACP\Tests\HttpClient;
use IACP\Tests\IntegrationTestCase;
use IACP\Tests\Queue\Process;
use IACP\Tests\TestEnvironment;

final class OverHttpTest extends IntegrationTestCase {

	private HttpClient $http;

	protected function setUp(): void {
		parent::setUp();
		$this->http = HttpClient::for_test_site();
	}

	private function job_body( string $type, array $input ): string {
		return (string) wp_json_encode(
			array(
				'type'  => $type,
				'input' => $input,
			)
		);
	}

	public function test_concurrent_requests_with_one_idempotency_key_create_exactly_one_job(): void {
		$auth     = HttpClient::application_password_for( $this->user( 'author' ) );
		$requests = array();
		foreach ( range( 1, 8 ) as $n ) {
			$requests[] = array(
				'method'  => 'POST',
				'path'    => '/wp-json/iacp/v1/jobs',
				'body'    => $this->job_body( 'test_noop', array( 'n' => $n ) ),
				'headers' => array(
					'Content-Type'    => 'application/json',
					'Idempotency-Key' => 'concurrent-key',
				),
				'auth'    => $auth,
			);
		}

		$answers = $this->http->concurrently( $requests );

		$statuses = array_column( $answers, 'status' );
		sort( $statuses );
		$this->assertSame( array( 200, 200, 200, 200, 200, 200, 200, 202 ), $statuses, 'one created, seven handed the original' );
		$ids = array_unique( array_map( static fn( array $answer ) => $answer['json']['id'] ?? null, $answers ) );
		$this->assertCount( 1, $ids );
		global $wpdb;
		$this->assertSame( '1', $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM ' . $this->jobs_table() . ' WHERE idempotency_key = %s', 'concurrent-key' ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	}

	public function test_cookie_auth_needs_a_valid_rest_nonce(): void {
		$login    = 'cookie_author_' . wp_generate_password( 6, false );
		$password = wp_generate_password( 16, false );
		$this->created_user( $login, $password, 'author' );
		$this->http->log_in( $login, $password );

		$without = $this->http->request( 'GET', '/wp-json/iacp/v1/jobs' );
		$wrong   = $this->http->request( 'GET', '/wp-json/iacp/v1/jobs?_wpnonce=0123456789' );
		$page    = $this->http->request( 'GET', '/wp-admin/post-new.php' );
		$this->assertSame( 1, preg_match( '/createNonceMiddleware\(\s*"([0-9a-f]+)"\s*\)/', $page['body'], $match ), 'the editor page carries a REST nonce' );
		$with = $this->http->request( 'GET', '/wp-json/iacp/v1/jobs', null, array( 'X-WP-Nonce' => $match[1] ) );

		$this->assertSame( 401, $without['status'], 'cookies alone count as logged out' );
		$this->assertSame( 403, $wrong['status'] );
		$this->assertSame( 'rest_cookie_invalid_nonce', $wrong['json']['code'] );
		$this->assertSame( 200, $with['status'] );
	}

	public function test_queue_run_accepts_the_runner_secret_and_refuses_everyone_else(): void {
		$secret = iacp()->runner_secret()->get();
		$path   = '/wp-json/iacp/v1/queue/run?time_limit=1';

		$good = $this->http->request( 'POST', $path, null, array( 'X-IACP-Runner-Secret' => $secret ) );
		$bad  = $this->http->request( 'POST', $path, null, array( 'X-IACP-Runner-Secret' => $secret . 'x' ) );
		$none = $this->http->request( 'POST', $path );
		$author = $this->http->request( 'POST', $path, null, array(), HttpClient::application_password_for( $this->user( 'author' ) ) );

		$this->assertSame( 200, $good['status'], $good['body'] );
		$this->assertSame( 403, $bad['status'] );
		$this->assertSame( 401, $none['status'] );
		$this->assertSame( 403, $author['status'] );
	}

	public function test_the_event_stream_delivers_progress_and_the_final_state(): void {
		$auth = HttpClient::application_password_for( $this->user( 'administrator' ) );
		$job  = $this->http->request( 'POST', '/wp-json/iacp/v1/jobs', $this->job_body( 'test_sleep', array( 'ms' => 2000, 'step_ms' => 250 ) ), array( 'Content-Type' => 'application/json' ), $auth );
		$this->assertSame( 202, $job['status'], $job['body'] );
		// Test job types are left to workers the test starts: this one runs while the stream is open.
		$worker = Process::worker( (string) TestEnvironment::load( 'IACP_ENV_FILE', 'test' )['wp_path'], array( '--once', '--type=test_sleep', '--sleep=0.2' ) );

		$stream = $this->http->request( 'GET', '/wp-json/iacp/v1/jobs/' . $job['json']['id'] . '/events?lifetime=20', null, array(), $auth, 30 );
		$worker->wait( 10 );

		$this->assertSame( 200, $stream['status'] );
		$this->assertStringStartsWith( 'text/event-stream', $stream['headers']['content-type'] );
		$this->assertSame( 'no', $stream['headers']['x-accel-buffering'] );
		preg_match_all( '/^event: job\ndata: (.+)$/m', $stream['body'], $events );
		$jobs = array_map( static fn( string $json ) => json_decode( $json, true ), $events[1] );
		$this->assertNotEmpty( $jobs );
		$progress = array_filter( $jobs, static fn( array $event ) => 'processing' === $event['status'] && $event['progress'] > 0 && $event['progress'] < 100 );
		$this->assertNotEmpty( $progress, 'at least one event shows the job part-way' );
		$this->assertSame( 'completed', end( $jobs )['status'] );
		$this->assertStringContainsString( "event: end\n", $stream['body'] );
	}

	public function test_an_api_key_never_appears_in_rest_answers_or_admin_pages(): void {
		$marker = 'sk-iacp-marker-' . wp_generate_password( 20, false );
		$login  = 'key_admin_' . wp_generate_password( 6, false );
		$pass   = wp_generate_password( 16, false );
		$admin  = $this->created_user( $login, $pass, 'administrator' );
		$auth   = HttpClient::application_password_for( $admin );

		$saved = $this->http->request( 'POST', '/wp-json/iacp/v1/settings', (string) wp_json_encode( array( 'api_key' => $marker ) ), array( 'Content-Type' => 'application/json' ), $auth );
		try {
			$this->assertSame( 200, $saved['status'], $saved['body'] );
			$this->assertTrue( $saved['json']['api_key_set'] );
			$this->assertSame( $marker, ( new ApiKeyStore() )->key(), 'the key is stored and readable by the plugin' );
			$this->assertStringNotContainsString( $marker, (string) get_option( ApiKeyStore::OPTION ), 'stored encrypted' );

			$answers = array( $saved['body'] );
			foreach ( array( '/wp-json/iacp/v1/settings', '/wp-json/iacp/v1/jobs', '/wp-json/iacp/v1/queue', '/wp-json/', '/wp-json/wp/v2/settings' ) as $path ) {
				$answers[] = $this->http->request( 'GET', $path, null, array(), $auth )['body'];
			}
			$this->http->log_in( $login, $pass );
			foreach ( array( '/wp-admin/tools.php?page=iacp-jobs', '/wp-admin/options-general.php?page=iacp-settings', '/wp-admin/post-new.php', '/wp-admin/options.php' ) as $path ) {
				$page = $this->http->request( 'GET', $path );
				$this->assertSame( 200, $page['status'], $path );
				$answers[] = $page['body'];
			}
			foreach ( $answers as $index => $body ) {
				$this->assertStringNotContainsString( $marker, $body, "answer {$index} leaks the key" );
			}
		} finally {
			( new ApiKeyStore() )->save( '' );
		}
	}

	private function created_user( string $login, string $password, string $role ): int {
		$id = $this->user( $role );
		wp_update_user(
			array(
				'ID'         => $id,
				'user_pass'  => $password,
			)
		);
		global $wpdb;
		$wpdb->update( $wpdb->users, array( 'user_login' => $login ), array( 'ID' => $id ) );
		clean_user_cache( $id );
		return $id;
	}
}
