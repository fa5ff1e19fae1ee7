<?php
/**
 * POST/GET /iacp/v1/jobs and GET /iacp/v1/jobs/{id}: 202 with Location, idempotency, ETag/304, filters and
 * pagination headers, cancel/retry/delete rules, per-user limits and the daily token budget.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\REST;

use IACP\Settings\Settings;
use IACP\Tests\IntegrationTestCase;
use IACP\Tests\RestTestJobTypes;

final class JobsRouteTest extends IntegrationTestCase {

	/** @var mixed Settings before the test. */
	private mixed $saved_settings;

	protected function setUp(): void {
		parent::setUp();
		RestTestJobTypes::ensure_registered();
		$this->saved_settings = get_option( Settings::OPTION );
	}

	protected function tearDown(): void {
		update_option( Settings::OPTION, $this->saved_settings, false );
		parent::tearDown();
	}

	private function start( string $prompt = 'hello', array $headers = array(), array $extra = array() ): \WP_REST_Response {
		return $this->rest(
			'POST',
			'/iacp/v1/jobs',
			array_merge(
				array(
					'type'  => RestTestJobTypes::TEXT,
					'input' => array( 'prompt' => $prompt ),
				),
				$extra
			),
			$headers
		);
	}

	public function test_start_answers_202_with_location_and_the_job(): void {
		wp_set_current_user( $this->user( 'author' ) );

		$response = $this->start( 'write me something' );

		$this->assertSame( 202, $response->get_status() );
		$job = $response->get_data();
		$this->assertMatchesRegularExpression( '/^[0-9a-f-]{36}$/', $job['id'] );
		$this->assertSame( 'pending', $job['status'] );
		$this->assertSame( array( 'prompt' => 'write me something' ), $job['input'] );
		$this->assertSame( get_current_user_id(), $job['user_id'] );
		$this->assertGreaterThan( 0, $job['poll_after_ms'] );
		$this->assertStringEndsWith( '/iacp/v1/jobs/' . $job['id'], $response->get_headers()['Location'] );
		$this->assertSame( $job['id'], iacp_get_job( $job['id'] )['id'] ?? null, 'the PHP API returns the same representation' );
	}

	public function test_the_same_idempotency_key_returns_the_original_job_with_200(): void {
		wp_set_current_user( $this->user( 'author' ) );

		$first  = $this->start( 'once', array( 'Idempotency-Key' => 'key-123' ) );
		$second = $this->start( 'twice', array( 'Idempotency-Key' => 'key-123' ) );

		$this->assertSame( 202, $first->get_status() );
		$this->assertSame( 200, $second->get_status() );
		$this->assertSame( $first->get_data()['id'], $second->get_data()['id'] );
		$this->assertSame( 'once', $second->get_data()['input']['prompt'] );
		$this->assertSame( 1, $this->count_jobs() );
	}

	public function test_another_user_with_the_same_key_gets_their_own_job(): void {
		wp_set_current_user( $this->user( 'author' ) );
		$mine = $this->start( 'a', array( 'Idempotency-Key' => 'shared' ) )->get_data()['id'];
		wp_set_current_user( $this->user( 'author' ) );
		$theirs = $this->start( 'b', array( 'Idempotency-Key' => 'shared' ) )->get_data()['id'];

		$this->assertNotSame( $mine, $theirs );
	}

	public function test_a_replay_needs_what_a_new_request_needs_before_it_returns_the_job(): void {
		$author = $this->user( 'author' );
		wp_set_current_user( $author );
		$post  = $this->post( $author );
		$first = $this->start( 'secret draft', array( 'Idempotency-Key' => 'replay-me' ), array( 'post_id' => $post ) );
		$image = $this->start( 'secret sketch', array( 'Idempotency-Key' => 'image' ), array( 'type' => RestTestJobTypes::IMAGE ) );
		$this->assertSame( array( 202, 202 ), array( $first->get_status(), $image->get_status() ) );
		$this->assertSame( 200, $this->start( 'secret sketch', array( 'Idempotency-Key' => 'image' ), array( 'type' => RestTestJobTypes::IMAGE ) )->get_status(), 'a replay while allowed' );

		wp_update_post(
			array(
				'ID'          => $post,
				'post_author' => $this->user( 'editor' ),
			)
		);
		$lost_post = $this->start( 'secret draft', array( 'Idempotency-Key' => 'replay-me' ), array( 'post_id' => $post ) );
		$elsewhere = $this->start( 'secret draft', array( 'Idempotency-Key' => 'replay-me' ) );
		// Contributors write text but may not make images.
		( new \WP_User( $author ) )->set_role( 'contributor' );
		wp_set_current_user( 0 );
		wp_set_current_user( $author );
		$lost_role = $this->start( 'secret sketch', array( 'Idempotency-Key' => 'image' ), array( 'type' => RestTestJobTypes::IMAGE ) );

		$this->assertSame( 403, $lost_post->get_status(), 'no edit_post on the post any more' );
		$this->assertSame( 'iacp_forbidden_post', $lost_post->get_data()['code'] );
		$this->assertSame( 403, $elsewhere->get_status(), 'the stored job’s post counts, whatever the replay says' );
		$this->assertSame( 403, $lost_role->get_status(), 'no capability for the type any more' );
		$this->assertSame( 'iacp_forbidden_job_type', $lost_role->get_data()['code'] );
		foreach ( array( $lost_post, $elsewhere, $lost_role ) as $refused ) {
			$this->assertStringNotContainsString( 'secret', (string) wp_json_encode( $refused->get_data() ) );
		}
	}

	public function test_only_managers_may_ask_for_a_priority_above_the_default(): void {
		wp_set_current_user( $this->user( 'author' ) );
		$urgent = $this->start( 'me first', array(), array( 'priority' => -50 ) );
		$later  = $this->start( 'no hurry', array(), array( 'priority' => 50 ) );
		wp_set_current_user( $this->user( 'administrator' ) );
		$managed = $this->start( 'me first', array(), array( 'priority' => -50 ) );

		$this->assertSame( 202, $urgent->get_status() );
		$this->assertSame( 10, $urgent->get_data()['priority'], 'raised to the default (lower runs first)' );
		$this->assertSame( 50, $later->get_data()['priority'], 'a lower urgency is anyone’s to choose' );
		$this->assertSame( -50, $managed->get_data()['priority'] );
		$schema = $this->rest( 'OPTIONS', '/iacp/v1/jobs' )->get_data();
		$this->assertStringContainsString( 'manage AI jobs', $schema['endpoints'][1]['args']['priority']['description'] );
	}

	public function test_get_sends_an_etag_and_answers_304_to_if_none_match(): void {
		wp_set_current_user( $this->user( 'author' ) );
		$id = $this->start()->get_data()['id'];

		$first = $this->rest( 'GET', '/iacp/v1/jobs/' . $id );
		$etag  = $first->get_headers()['ETag'] ?? '';
		$again = $this->rest( 'GET', '/iacp/v1/jobs/' . $id, array(), array( 'If-None-Match' => $etag ) );

		$this->assertSame( 200, $first->get_status() );
		$this->assertNotSame( '', $etag );
		$this->assertSame( 304, $again->get_status() );
		$this->assertNull( $again->get_data() );

		$this->rest( 'POST', '/iacp/v1/jobs/' . $id . '/cancel' );
		$changed = $this->rest( 'GET', '/iacp/v1/jobs/' . $id, array(), array( 'If-None-Match' => $etag ) );
		$this->assertSame( 200, $changed->get_status(), 'a changed job no longer matches the old ETag' );
		$this->assertSame( 'cancelled', $changed->get_data()['status'] );
		$this->assertNull( $changed->get_data()['poll_after_ms'], 'no polling once finished' );
	}

	public function test_a_managers_view_and_the_owners_view_of_a_job_have_different_etags(): void {
		wp_set_current_user( $this->user( 'author' ) );
		$id    = $this->start()->get_data()['id'];
		$owner = $this->rest( 'GET', '/iacp/v1/jobs/' . $id )->get_headers()['ETag'] ?? '';

		wp_set_current_user( $this->user( 'administrator' ) );
		$manager = $this->rest( 'GET', '/iacp/v1/jobs/' . $id, array(), array( 'If-None-Match' => $owner ) );

		$this->assertSame( 200, $manager->get_status(), 'the owner’s copy is not the manager’s (managers see error detail)' );
		$this->assertNotSame( $owner, $manager->get_headers()['ETag'] ?? '' );
		$this->assertSame( 304, $this->rest( 'GET', '/iacp/v1/jobs/' . $id, array(), array( 'If-None-Match' => $manager->get_headers()['ETag'] ) )->get_status() );
	}

	public function test_reading_a_job_costs_one_indexed_query(): void {
		global $wpdb;
		wp_set_current_user( $this->user( 'author' ) );
		$id = $this->start()->get_data()['id'];
		$this->rest( 'GET', '/iacp/v1/jobs/' . $id ); // Warms the user's capabilities, as any earlier request would.

		$before   = $wpdb->num_queries;
		$response = $this->rest( 'GET', '/iacp/v1/jobs/' . $id );
		$queries  = $wpdb->num_queries - $before;

		$this->assertSame( 200, $response->get_status() );
		$this->assertSame( 1, $queries, 'one read of the job row' );
		$plan = $wpdb->get_row( $wpdb->prepare( 'EXPLAIN SELECT * FROM ' . $this->jobs_table() . ' WHERE public_id = %s', $id ), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$this->assertContains( $plan['type'], array( 'const', 'eq_ref', 'ref' ), 'an index lookup, not a scan' );
		$this->assertNotEmpty( $plan['key'] );
	}

	public function test_list_shows_only_the_callers_jobs_with_pagination_headers(): void {
		$other = $this->user( 'author' );
		wp_set_current_user( $other );
		$this->start( 'theirs' );
		wp_set_current_user( $this->user( 'author' ) );
		foreach ( range( 1, 5 ) as $n ) {
			$this->start( "mine {$n}" );
		}

		$page = $this->rest(
			'GET',
			'/iacp/v1/jobs',
			array(
				'per_page' => 2,
				'page'     => 3,
			)
		);

		$this->assertSame( 200, $page->get_status() );
		$this->assertSame( '5', $page->get_headers()['X-WP-Total'] );
		$this->assertSame( '3', $page->get_headers()['X-WP-TotalPages'] );
		$this->assertCount( 1, $page->get_data() );
		$this->assertSame( 'mine 1', $page->get_data()[0]['input']['prompt'], 'newest first: the last page holds the oldest' );
	}

	public function test_managers_list_everyone_and_filter_by_user_status_and_post(): void {
		$author = $this->user( 'author' );
		$post   = $this->post( $author );
		wp_set_current_user( $author );
		$for_post = $this->start( 'for the post', array(), array( 'post_id' => $post ) )->get_data()['id'];
		$this->start( 'loose' );
		$cancelled = $this->start( 'to cancel' )->get_data()['id'];
		$this->rest( 'POST', "/iacp/v1/jobs/{$cancelled}/cancel" );

		wp_set_current_user( $this->user( 'administrator' ) );
		$by_user   = $this->rest( 'GET', '/iacp/v1/jobs', array( 'user' => $author ) );
		$by_post   = $this->rest( 'GET', '/iacp/v1/jobs', array( 'post_id' => $post ) );
		$by_status = $this->rest( 'GET', '/iacp/v1/jobs', array( 'status' => array( 'cancelled' ) ) );

		$this->assertSame( '3', $by_user->get_headers()['X-WP-Total'] );
		$this->assertSame( array( $for_post ), array_column( $by_post->get_data(), 'id' ) );
		$this->assertSame( array( $cancelled ), array_column( $by_status->get_data(), 'id' ) );
	}

	public function test_a_job_for_a_post_needs_edit_post_at_start_and_on_every_read(): void {
		$owner      = $this->user( 'author' );
		$someone    = $this->user( 'author' );
		$their_post = $this->post( $someone );
		wp_set_current_user( $owner );

		$refused = $this->start( 'x', array(), array( 'post_id' => $their_post ) );
		$this->assertSame( 403, $refused->get_status() );
		$this->assertSame( 'iacp_forbidden_post', $refused->get_data()['code'] );

		$own_post = $this->post( $owner );
		$id       = $this->start( 'y', array(), array( 'post_id' => $own_post ) )->get_data()['id'];
		$this->assertSame( 200, $this->rest( 'GET', "/iacp/v1/jobs/{$id}" )->get_status() );

		// The post changes hands: its former author may no longer edit it, so the job is no longer theirs to see.
		wp_update_post(
			array(
				'ID'          => $own_post,
				'post_author' => $someone,
			)
		);
		$this->assertSame( 404, $this->rest( 'GET', "/iacp/v1/jobs/{$id}" )->get_status() );
		$this->assertSame( array(), $this->rest( 'GET', '/iacp/v1/jobs' )->get_data(), 'nor listed' );
	}

	public function test_cancel_retry_and_delete_follow_the_job_lifecycle(): void {
		wp_set_current_user( $this->user( 'author' ) );
		$id = $this->start()->get_data()['id'];

		$this->assertSame( 409, $this->rest( 'POST', "/iacp/v1/jobs/{$id}/retry" )->get_status(), 'a pending job cannot be retried' );
		$this->assertSame( 409, $this->rest( 'DELETE', "/iacp/v1/jobs/{$id}" )->get_status(), 'a pending job cannot be deleted' );

		$cancelled = $this->rest( 'POST', "/iacp/v1/jobs/{$id}/cancel" );
		$this->assertSame( 'cancelled', $cancelled->get_data()['status'] );
		$this->assertSame( 409, $this->rest( 'POST', "/iacp/v1/jobs/{$id}/cancel" )->get_status(), 'a finished job cannot be cancelled' );

		$retried = $this->rest( 'POST', "/iacp/v1/jobs/{$id}/retry" );
		$this->assertSame( 202, $retried->get_status() );
		$this->assertSame( 'pending', $retried->get_data()['status'] );

		$this->rest( 'POST', "/iacp/v1/jobs/{$id}/cancel" );
		$deleted = $this->rest( 'DELETE', "/iacp/v1/jobs/{$id}" );
		$this->assertSame( 200, $deleted->get_status() );
		$this->assertTrue( $deleted->get_data()['deleted'] );
		$this->assertSame( 404, $this->rest( 'GET', "/iacp/v1/jobs/{$id}" )->get_status() );
	}

	public function test_jobs_per_minute_limit_answers_429_with_retry_after_and_stores_nothing(): void {
		iacp()->settings()->update( array( 'jobs_per_minute' => 2 ) );
		wp_set_current_user( $this->user( 'author' ) );

		$this->start( 'one' );
		$this->start( 'two' );
		$third = $this->start( 'three' );

		$this->assertSame( 429, $third->get_status() );
		$this->assertSame( 'iacp_rate_limited', $third->get_data()['code'] );
		$this->assertGreaterThanOrEqual( 1, (int) $third->get_headers()['Retry-After'] );
		$this->assertLessThanOrEqual( 60, (int) $third->get_headers()['Retry-After'] );
		$this->assertSame( 2, $this->count_jobs() );
	}

	public function test_a_resent_request_gets_its_job_back_even_over_the_limit(): void {
		iacp()->settings()->update( array( 'jobs_per_minute' => 1 ) );
		wp_set_current_user( $this->user( 'author' ) );

		$first  = $this->start( 'lost answer', array( 'Idempotency-Key' => 'resend-me' ) );
		$resent = $this->start( 'lost answer', array( 'Idempotency-Key' => 'resend-me' ) );
		$new    = $this->start( 'another', array( 'Idempotency-Key' => 'a-new-key' ) );

		$this->assertSame( 202, $first->get_status() );
		$this->assertSame( 200, $resent->get_status() );
		$this->assertSame( $first->get_data()['id'], $resent->get_data()['id'] );
		$this->assertSame( 429, $new->get_status(), 'a new job is over the limit' );
		$this->assertSame( 1, $this->count_jobs() );
	}

	public function test_active_jobs_limit_answers_429(): void {
		iacp()->settings()->update( array( 'max_active_jobs' => 1 ) );
		wp_set_current_user( $this->user( 'author' ) );

		$first  = $this->start( 'one' );
		$second = $this->start( 'two' );
		$this->assertSame( 429, $second->get_status() );
		$this->assertSame( 'iacp_too_many_active_jobs', $second->get_data()['code'] );
		$this->assertArrayHasKey( 'Retry-After', $second->get_headers() );

		$this->rest( 'POST', '/iacp/v1/jobs/' . $first->get_data()['id'] . '/cancel' );
		$this->assertSame( 202, $this->start( 'three' )->get_status(), 'a finished job frees its slot' );
	}

	public function test_daily_token_budget_answers_429_quota_exceeded_with_reset_time(): void {
		iacp()->settings()->update( array( 'daily_token_budgets' => array( 'author' => 100 ) ) );
		$author = $this->user( 'author' );
		wp_set_current_user( $author );
		$job = iacp()->job_queue()->find( $this->start( 'spend' )->get_data()['id'] );
		$this->assertNotNull( $job );
		// What an attempt's context writes when the provider reports its usage.
		iacp()->usage_ledger()->record_tokens( $author, $job->id, $job->type, 1, 60, 40, false );

		$refused = $this->start( 'more' );

		$this->assertSame( 429, $refused->get_status() );
		$this->assertSame( 'iacp_quota_exceeded', $refused->get_data()['code'] );
		$resets_at = strtotime( $refused->get_data()['data']['resets_at'] );
		$this->assertSame( 0, $resets_at % DAY_IN_SECONDS, 'the budget resets at midnight UTC' );
		$this->assertGreaterThan( time(), $resets_at );

		wp_set_current_user( $this->user( 'editor' ) );
		$this->assertSame( 202, $this->start( 'editors have no budget set' )->get_status() );

		wp_set_current_user( $author );
		iacp()->settings()->update( array( 'daily_token_budgets' => array( 'author' => 0 ) ) );
		$this->assertSame( 202, $this->start( 'a budget of 0 means no limit' )->get_status() );
	}
}
