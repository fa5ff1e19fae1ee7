<?php
/**
 * Text jobs through the real queue and runner against the local test AI server: each fault kind ends in the right
 * state after the right number of attempts, Retry-After is honoured, and token usage is recorded.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\JobTypes;

use IACP\Jobs\Job;
use IACP\Jobs\JobStatus;
use IACP\Queue\RunnerBudget;
use IACP\Tests\Providers\AiServerTestCase;

final class TextJobThroughRunnerTest extends AiServerTestCase {

	protected function setUp(): void {
		parent::setUp();
		// One-second retries keep the test short; the hang must time out well before the runner's budget.
		$this->settings(
			array(
				'retry_base_seconds' => 1,
				'retry_cap_seconds'  => 1,
				'read_timeout'       => 5,
			)
		);
		add_filter( 'iacp_instant_kick', '__return_false' );
	}

	protected function tearDown(): void {
		remove_filter( 'iacp_instant_kick', '__return_false' );
		parent::tearDown();
	}

	/**
	 * Directive in the source text, final status, attempts used, error code kept on the job.
	 *
	 * @return array<string, array{string, string, int, string|null}>
	 */
	public function faults(): array {
		return array(
			'500 twice, then fine'     => array( '[[fault:500 times=2 key=%s]]', JobStatus::COMPLETED, 3, null ),
			'503 three times: spent'   => array( '[[fault:503 times=3 key=%s]]', JobStatus::FAILED, 3, 'provider_unavailable' ),
			'429 once, then fine'      => array( '[[fault:429 times=1 key=%s]]', JobStatus::COMPLETED, 2, null ),
			'malformed once'           => array( '[[fault:malformed times=1 key=%s]]', JobStatus::COMPLETED, 2, null ),
			'dropped stream once'      => array( '[[fault:drop times=1 key=%s]]', JobStatus::COMPLETED, 2, null ),
			'hang past the timeout'    => array( '[[fault:hang times=1 key=%s]]', JobStatus::COMPLETED, 2, null ),
			'bad key: permanent'       => array( '[[fault:401 key=%s]]', JobStatus::FAILED, 1, 'provider_auth' ),
			'unknown model: permanent' => array( '[[fault:404 key=%s]]', JobStatus::FAILED, 1, 'provider_model_not_found' ),
			'content policy: final'    => array( '[[fault:422 key=%s]]', JobStatus::FAILED, 1, 'provider_rejected' ),
		);
	}

	/**
	 * @dataProvider faults
	 */
	public function test_a_fault_ends_in_the_right_state_after_the_right_attempts( string $directive, string $status, int $attempts, ?string $code ): void {
		$job = $this->enqueue_rewrite( 'Rewrite this line, please. ' . sprintf( $directive, wp_generate_password( 10, false ) ) );

		$done = $this->run_until_finished( $job, 40 );

		$this->assertSame( $status, $done->status, (string) wp_json_encode( $done->log ) );
		$this->assertSame( $attempts, $done->attempts );
		if ( null === $code ) {
			$this->assertNull( $done->error_code );
			$this->assertNotSame( '', (string) ( $done->result['text'] ?? '' ) );
		} else {
			$this->assertSame( $code, $done->error_code );
			$this->assertNotSame( '', (string) $done->error_message );
		}
	}

	public function test_retry_after_from_the_provider_sets_when_the_job_may_run_again(): void {
		$job = $this->enqueue_rewrite( 'Slow down. [[fault:429 times=1 key=' . wp_generate_password( 10, false ) . ']] [[retry-after:3]]' );

		$before = time();
		iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 10, 0, 1, 0.0, 0.05, array( 'text' ) ) );
		$waiting = iacp()->job_repository()->find( $job->id );

		$this->assertNotNull( $waiting );
		$this->assertSame( JobStatus::PENDING, $waiting->status );
		$this->assertSame( 'provider_rate_limited', $waiting->error_code );
		$this->assertGreaterThanOrEqual( $before + 3, $waiting->available_at, 'the provider’s Retry-After beats the 1 s backoff' );
		$this->assertSame( JobStatus::COMPLETED, $this->run_until_finished( $job, 20 )->status );
	}

	public function test_retry_after_is_a_floor_measured_by_the_provider_to_the_millisecond(): void {
		$job = $this->enqueue_rewrite( 'Not so fast. [[fault:429 times=1 key=' . wp_generate_password( 10, false ) . ']] [[retry-after:2]]' );
		// Fail late in a second: whole-second arithmetic that rounds the wait down would then retry after ~1.1 s.
		while ( fmod( microtime( true ), 1.0 ) < 0.75 ) {
			usleep( 10000 );
		}

		// One runner polling every 50 ms takes the job the moment it may run again.
		iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 8, 0, 2, null, 0.05, array( 'text' ) ) );

		$done = iacp()->job_repository()->find( $job->id );
		$this->assertNotNull( $done );
		$this->assertSame( JobStatus::COMPLETED, $done->status, (string) wp_json_encode( $done->log ) );
		$this->assertSame( 2, $done->attempts );
		$requests = array_values(
			array_filter(
				(array) $this->control( 'GET', '/__control/requests' ),
				static fn( $request ): bool => is_array( $request ) && str_contains( (string) ( $request['prompt'] ?? '' ), 'Not so fast.' )
			)
		);
		$this->assertCount( 2, $requests, 'one refused request, one retry' );
		usort( $requests, static fn( array $a, array $b ): int => strcmp( (string) $a['time'], (string) $b['time'] ) );
		$this->assertSame( 429, $requests[0]['status'] );
		$refused_at = $this->milliseconds( (string) $requests[0]['time'] ) + (float) $requests[0]['durationMs'];
		$waited_ms  = $this->milliseconds( (string) $requests[1]['time'] ) - $refused_at;
		$this->assertGreaterThanOrEqual( 2000.0, $waited_ms, 'no retry before the 2 s the provider asked for' );
		$this->assertLessThan( 3500.0, $waited_ms, 'and not much later either' );
	}

	public function test_token_usage_of_a_completed_job_matches_the_provider_and_adds_up(): void {
		$job  = $this->enqueue_rewrite( 'Count my tokens, please.' );
		$done = $this->run_until_finished( $job, 20 );

		$this->assertSame( JobStatus::COMPLETED, $done->status );
		$usage = iacp_get_job( $done->public_id )['tokens'] ?? array();
		$this->assertGreaterThan( 0, $usage['prompt'] );
		$this->assertGreaterThan( 0, $usage['completion'] );
		$this->assertSame( $usage['prompt'] + $usage['completion'], $usage['total'] );
		$this->assertSame( (int) ceil( mb_strlen( (string) $done->result['text'] ) / 4 ), $usage['completion'], 'the test server counts a token per 4 characters' );
	}

	private function milliseconds( string $iso ): float {
		$time = \DateTimeImmutable::createFromFormat( 'Y-m-d\TH:i:s.v\Z', $iso, new \DateTimeZone( 'UTC' ) );
		$this->assertNotFalse( $time, "an ISO time with milliseconds: {$iso}" );
		return (float) $time->format( 'U.v' ) * 1000;
	}
}
