<?php
/**
 * GET /jobs/{id}/events over real HTTP, attacked as a contributor would: twenty streams at once get a small cap
 * (the rest 429 + Retry-After) and the site keeps answering; the site-wide cap (6 on the test sites) holds across
 * users; a stream whose viewer loses the job (edit_post taken away, role lowered, job deleted) ends without sending
 * another change.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\REST;

use IACP\Jobs\Job;
use IACP\Security\StreamSlots;
use IACP\Tests\HttpBatch;
use IACP\Tests\HttpClient;
use IACP\Tests\IntegrationTestCase;

final class EventStreamLimitsTest extends IntegrationTestCase {

	private HttpClient $http;

	protected function setUp(): void {
		parent::setUp();
		$this->http = HttpClient::for_test_site();
		add_filter( 'iacp_instant_kick', '__return_false' );
	}

	protected function tearDown(): void {
		remove_filter( 'iacp_instant_kick', '__return_false' );
		parent::tearDown();
	}

	public function test_twenty_streams_of_one_user_get_the_cap_and_the_site_keeps_answering(): void {
		$author = $this->user( 'author' );
		$auth   = HttpClient::application_password_for( $author );
		$job    = $this->pending_job( $author );

		$streams = $this->open_one_by_one( array_fill( 0, 20, $this->stream_request( $job, $auth, 6 ) ) );
		// While the allowed streams are open: the same user, and another, still get answers (before: every PHP worker streamed).
		$read    = $this->http->request( 'GET', '/wp-json/iacp/v1/jobs/' . $job->public_id, null, array(), $auth, 5 );
		$admin   = $this->http->request( 'GET', '/wp-json/iacp/v1/queue', null, array(), HttpClient::application_password_for( $this->user( 'administrator' ) ), 5 );
		$answers = $this->finish( $streams );

		$this->assertSame( 200, $read['status'], 'the owner can still poll' );
		$this->assertSame( 200, $admin['status'], 'others are served' );
		$this->assertSame(
			array(
				200 => StreamSlots::PER_USER,
				429 => 20 - StreamSlots::PER_USER,
			),
			$this->statuses( $answers )
		);
		foreach ( $answers as $answer ) {
			if ( 429 === $answer['status'] ) {
				$this->assertSame( 'iacp_too_many_streams', $answer['json']['code'] ?? null );
				$this->assertSame( '6', $answer['headers']['retry-after'] ?? null, 'come back when a stream’s lifetime is over' );
			} else {
				$this->assertStringStartsWith( 'text/event-stream', $answer['headers']['content-type'] );
				$this->assertStringContainsString( "event: reconnect\n", $answer['body'] );
			}
		}
		$after = $this->http->request( 'GET', '/wp-json/iacp/v1/jobs/' . $job->public_id . '/events?lifetime=1', null, array(), $auth );
		$this->assertSame( 200, $after['status'], 'closed streams give their slots back' );
	}

	public function test_the_site_wide_cap_holds_across_users(): void {
		$site     = ( new StreamSlots() )->limits()['site'];
		$requests = array();
		// Two streams per user, one user more than the site's cap needs.
		foreach ( range( 0, intdiv( $site, 2 ) ) as $n ) {
			$user       = $this->user( 'author' );
			$request    = $this->stream_request( $this->pending_job( $user ), HttpClient::application_password_for( $user ), 6 );
			$requests[] = $request;
			$requests[] = $request;
		}

		$answers = $this->finish( $this->open_one_by_one( $requests ) );

		$this->assertSame(
			array(
				200 => $site,
				429 => count( $requests ) - $site,
			),
			$this->statuses( $answers ),
			"{$site} at once on the whole site"
		);
	}

	/**
	 * @return array<string, array{string}>
	 */
	public function ways_to_lose_a_job(): array {
		return array(
			'the post goes to someone else' => array( 'reassign_post' ),
			'the owner’s role is lowered'   => array( 'lower_role' ),
			'the job is deleted'            => array( 'delete_job' ),
		);
	}

	/**
	 * @dataProvider ways_to_lose_a_job
	 */
	public function test_a_stream_ends_as_soon_as_its_viewer_may_no_longer_see_the_job( string $way ): void {
		$author = $this->user( 'author' );
		$post   = $this->post( $author );
		$job    = $this->pending_job( $author, $post );
		$stream = $this->http->open( array( $this->stream_request( $job, HttpClient::application_password_for( $author ), 20 ) ) );
		$this->assertTrue( $stream->wait_until( static fn( HttpBatch $batch ): bool => str_contains( $batch->received( 0 ), "event: job\n" ), 10 ), 'the stream started' );

		if ( 'reassign_post' === $way ) {
			wp_update_post(
				array(
					'ID'          => $post,
					'post_author' => $this->user( 'editor' ),
				)
			);
		} elseif ( 'lower_role' === $way ) {
			( new \WP_User( $author ) )->set_role( 'subscriber' );
		} else {
			iacp()->job_repository()->delete( $job->id );
		}
		// A change the viewer must not see any more.
		global $wpdb;
		$wpdb->query( $wpdb->prepare( 'UPDATE ' . $this->jobs_table() . ' SET progress = 42, stage = %s, revision = revision + 1, updated_at = updated_at + 1 WHERE id = %d', 'after-access-lost', $job->id ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$started = microtime( true );
		$answer  = $stream->finish( 25 )[0];

		$this->assertSame( 200, $answer['status'] );
		$this->assertStringNotContainsString( 'after-access-lost', $answer['body'], 'no change was sent after access was lost' );
		$this->assertStringContainsString( "event: end\ndata: {\"reason\":\"gone\"}", $answer['body'] );
		$this->assertStringNotContainsString( 'event: reconnect', $answer['body'], 'ended by the loss, not by its lifetime' );
		$this->assertLessThan( 15, microtime( true ) - $started, 'well before its 20 s lifetime' );
	}

	/**
	 * Opens each request once the one before has been answered (its headers came): as a user opening tab after tab.
	 * PHP's built-in server would otherwise queue a request behind a stream in the same worker.
	 *
	 * @param list<array{method: string, path: string, auth: array{string, string}}> $requests Requests.
	 * @return list<HttpBatch>
	 */
	private function open_one_by_one( array $requests ): array {
		$open = array();
		foreach ( $requests as $request ) {
			$batch = $this->http->open( array( $request ) );
			$this->assertTrue( $batch->wait_until( static fn( HttpBatch $one ): bool => str_contains( $one->received( 0 ), "\r\n\r\n" ), 5 ), 'request ' . count( $open ) . ' was answered' );
			$open[] = $batch;
		}
		return $open;
	}

	/**
	 * @param list<HttpBatch> $batches One request each.
	 * @return list<array{status: int, headers: array<string, string>, body: string, json: mixed}>
	 */
	private function finish( array $batches ): array {
		return array_map( static fn( HttpBatch $batch ): array => $batch->finish( 30 )[0], $batches );
	}

	private function pending_job( int $user, ?int $post = null ): Job {
		// A type no web runner of the test site claims: it stays pending while the streams watch it.
		$result = iacp()->job_queue()->enqueue( 'test_noop', array(), array_filter( array( 'user_id' => $user, 'post_id' => $post ) ) );
		$this->assertFalse( is_wp_error( $result ) );
		return $result->job;
	}

	/**
	 * @param array{string, string} $auth Basic auth.
	 * @return array{method: string, path: string, auth: array{string, string}}
	 */
	private function stream_request( Job $job, array $auth, int $lifetime ): array {
		return array(
			'method' => 'GET',
			'path'   => '/wp-json/iacp/v1/jobs/' . $job->public_id . '/events?lifetime=' . $lifetime,
			'auth'   => $auth,
		);
	}

	/**
	 * @param list<array{status: int}> $answers Answers.
	 * @return array<int, int> Status => how many.
	 */
	private function statuses( array $answers ): array {
		$statuses = array_count_values( array_column( $answers, 'status' ) );
		ksort( $statuses );
		return $statuses;
	}
}
