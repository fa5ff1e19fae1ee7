<?php
/**
 * The per-user limits as a contributor would attack them through REST: deleting finished jobs, retrying instead of
 * starting, and retrying an old job. Tokens are spent for real: text jobs through the runner against the test AI
 * server.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Security;

use IACP\Jobs\Job;
use IACP\Jobs\JobStatus;
use IACP\Tests\Providers\AiServerTestCase;

final class UsageLimitsTest extends AiServerTestCase {

	protected function setUp(): void {
		parent::setUp();
		add_filter( 'iacp_instant_kick', '__return_false' );
	}

	protected function tearDown(): void {
		remove_filter( 'iacp_instant_kick', '__return_false' );
		parent::tearDown();
	}

	public function test_deleting_finished_jobs_does_not_give_back_their_starts(): void {
		$this->settings( array( 'jobs_per_minute' => 2 ) );
		wp_set_current_user( $this->user( 'author' ) );

		foreach ( array( 'one', 'two' ) as $text ) {
			$id = $this->start( $text )->get_data()['id'];
			$this->assertSame( 200, $this->rest( 'POST', "/iacp/v1/jobs/{$id}/cancel" )->get_status() );
			$this->assertSame( 200, $this->rest( 'DELETE', "/iacp/v1/jobs/{$id}" )->get_status() );
		}
		$third = $this->start( 'three' );

		$this->assertSame( 429, $third->get_status(), 'two starts this minute, whatever became of the jobs' );
		$this->assertSame( 'iacp_rate_limited', $third->get_data()['code'] );
	}

	public function test_deleting_a_job_does_not_give_back_the_tokens_it_spent(): void {
		$author = $this->user( 'author' );
		wp_set_current_user( $author );
		$spent = $this->run_to_the_end( $this->start( 'Spend some tokens, please.' )->get_data()['id'] );
		$this->assertSame( JobStatus::COMPLETED, $spent->status );
		$this->assertGreaterThan( 0, $spent->prompt_tokens + $spent->completion_tokens );
		$this->settings( array( 'daily_token_budgets' => array( 'author' => $spent->prompt_tokens + $spent->completion_tokens ) ) );

		$this->assertSame( 200, $this->rest( 'DELETE', '/iacp/v1/jobs/' . $spent->public_id )->get_status() );
		iacp()->job_repository()->purge_finished_before( JobStatus::COMPLETED, time() + 1, 100 );
		$refused = $this->start( 'And some more.' );

		$this->assertSame( 429, $refused->get_status() );
		$this->assertSame( 'iacp_quota_exceeded', $refused->get_data()['code'] );
	}

	public function test_a_retry_passes_the_same_limits_as_a_new_job(): void {
		$this->settings(
			array(
				'jobs_per_minute' => 1,
				'max_active_jobs' => 1,
			)
		);
		$author = $this->user( 'author' );
		wp_set_current_user( $author );
		$id = $this->start( 'once' )->get_data()['id'];
		$this->rest( 'POST', "/iacp/v1/jobs/{$id}/cancel" );

		$retried = $this->rest( 'POST', "/iacp/v1/jobs/{$id}/retry" );

		$this->assertSame( 429, $retried->get_status(), 'a retry is a start: one a minute' );
		$this->assertSame( 'iacp_rate_limited', $retried->get_data()['code'] );
		$this->assertGreaterThanOrEqual( 1, (int) $retried->get_headers()['Retry-After'] );
		$this->assertSame( JobStatus::CANCELLED, iacp()->job_queue()->find( $id )?->status, 'refused: nothing changed' );

		$this->settings( array( 'jobs_per_minute' => 10 ) );
		$other = $this->start( 'twice' );
		$this->assertSame( 202, $other->get_status() );
		$busy = $this->rest( 'POST', "/iacp/v1/jobs/{$id}/retry" );
		$this->assertSame( 429, $busy->get_status() );
		$this->assertSame( 'iacp_too_many_active_jobs', $busy->get_data()['code'] );

		// A manager retrying it meets the owner's limits, in words about the owner.
		wp_set_current_user( $this->user( 'administrator' ) );
		$for_owner = $this->rest( 'POST', "/iacp/v1/jobs/{$id}/retry" );
		$this->assertSame( 'iacp_too_many_active_jobs', $for_owner->get_data()['code'] );
		$this->assertStringContainsString( 'owner', $for_owner->get_data()['message'] );

		wp_set_current_user( $author );
		$this->rest( 'POST', '/iacp/v1/jobs/' . $other->get_data()['id'] . '/cancel' );
		$this->assertSame( 202, $this->rest( 'POST', "/iacp/v1/jobs/{$id}/retry" )->get_status(), 'within the limits, it goes' );
	}

	public function test_a_retried_old_job_spends_todays_budget(): void {
		$author = $this->user( 'author' );
		wp_set_current_user( $author );
		$id  = $this->start( 'From the day before yesterday.' )->get_data()['id'];
		$job = iacp()->job_queue()->find( $id );
		$this->assertNotNull( $job );
		$this->rest( 'POST', "/iacp/v1/jobs/{$id}/cancel" );
		global $wpdb;
		$wpdb->update( $this->jobs_table(), array( 'created_at' => time() - 2 * DAY_IN_SECONDS ), array( 'id' => $job->id ) );

		$this->assertSame( 202, $this->rest( 'POST', "/iacp/v1/jobs/{$id}/retry" )->get_status() );
		$spent = $this->run_to_the_end( $id );
		$this->assertSame( JobStatus::COMPLETED, $spent->status );
		$this->settings( array( 'daily_token_budgets' => array( 'author' => $spent->prompt_tokens + $spent->completion_tokens ) ) );

		$this->assertSame( 'iacp_quota_exceeded', $this->start( 'Today.' )->get_data()['code'] ?? null, 'tokens count on the day they are spent' );
	}

	private function run_to_the_end( string $public_id ): Job {
		$job = iacp()->job_queue()->find( $public_id );
		$this->assertNotNull( $job );
		return $this->run_until_finished( $job, 20 );
	}

	private function start( string $text ): \WP_REST_Response {
		return $this->rest(
			'POST',
			'/iacp/v1/jobs',
			array(
				'type'  => 'text',
				'input' => array(
					'mode' => 'rewrite',
					'text' => $text,
				),
			)
		);
	}
}
