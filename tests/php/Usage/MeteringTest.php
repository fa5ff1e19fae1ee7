<?php
/**
 * What an attempt spends reaches the usage ledger however it ends: a stream cancelled half-way (its partial text
 * stays readable), a provider that reports no usage, a stream that drops and is retried. Real text jobs against the
 * test AI server; the cancel comes from this process while a worker process streams, as a user's would.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Usage;

use IACP\Jobs\Job;
use IACP\Jobs\JobStatus;
use IACP\Tests\Providers\AiServerTestCase;
use IACP\Tests\Queue\Process;
use IACP\Tests\TestEnvironment;
use IACP\Usage\TokenEstimate;

final class MeteringTest extends AiServerTestCase {

	protected function setUp(): void {
		parent::setUp();
		$this->settings(
			array(
				'retry_base_seconds' => 1,
				'retry_cap_seconds'  => 1,
			)
		);
		add_filter( 'iacp_instant_kick', '__return_false' );
	}

	protected function tearDown(): void {
		remove_filter( 'iacp_instant_kick', '__return_false' );
		parent::tearDown();
	}

	public function test_a_stream_cancelled_half_way_is_paid_for_the_text_it_delivered(): void {
		$author = $this->user( 'author' );
		$job    = $this->enqueue_text( $author, 'Tell me about lighthouses. [[lines:4]] [[chunk-delay:120]]' );
		$worker = Process::worker( (string) TestEnvironment::load( 'IACP_ENV_FILE', 'test' )['wp_path'], array( '--once', '--type=text', '--sleep=0.2' ) );

		$streaming = $this->wait_for( $job, static fn( Job $seen ): bool => '' !== (string) $seen->partial_output );
		$this->assertNotWPError( iacp()->job_queue()->cancel( $streaming ) );
		$this->assertSame( 0, $worker->wait( 30 ), $worker->stderr() );

		// The site's instant kick may have taken the job before this worker did: wait for whichever runner has it.
		$done = $this->wait_for( $job, static fn( Job $seen ): bool => $seen->is_finished() );
		$this->assertSame( JobStatus::CANCELLED, $done->status, (string) wp_json_encode( $done->log ) );
		$this->assertNotSame( '', (string) $done->partial_output, 'the owner can still read what came' );
		$this->assertGreaterThan( 0, iacp_get_job( $done->public_id )['tokens']['completion'] ?? 0, 'and it is paid for' );
		$estimate = array(
			'prompt'     => TokenEstimate::of_input( $done->input ),
			'completion' => TokenEstimate::of_text( mb_strlen( (string) $done->partial_output ) ),
		);
		$this->assertSame( $estimate, array_intersect_key( (array) iacp_get_job( $done->public_id )['tokens'], $estimate ), 'the job shows the estimate' );
		$entries = $this->token_entries( $done );
		$this->assertCount( 1, $entries );
		$this->assertSame( array( 1, $estimate['prompt'], $estimate['completion'], 1 ), $entries[0], 'attempt, prompt, completion, estimated' );

		$this->settings( array( 'daily_token_budgets' => array( 'author' => $estimate['prompt'] + $estimate['completion'] ) ) );
		wp_set_current_user( $author );
		$again = $this->rest(
			'POST',
			'/iacp/v1/jobs',
			array(
				'type'  => 'text',
				'input' => array(
					'mode' => 'rewrite',
					'text' => 'Again.',
				),
			)
		);
		$this->assertSame( 'iacp_quota_exceeded', $again->get_data()['code'] ?? null, 'the cancelled stream counts against the budget' );
	}

	public function test_a_provider_that_reports_no_usage_is_paid_an_estimate(): void {
		$job  = $this->enqueue_text( $this->user( 'author' ), 'No usage from this server. [[usage:none]]' );
		$done = $this->run_until_finished( $job, 30 );

		$this->assertSame( JobStatus::COMPLETED, $done->status );
		$this->assertGreaterThan( 0, $done->completion_tokens, 'paid for without a word from the provider' );
		$completion = TokenEstimate::of_text( mb_strlen( (string) $done->partial_output ) );
		$this->assertGreaterThan( 0, $completion );
		$this->assertSame( array( array( 1, TokenEstimate::of_input( $done->input ), $completion, 1 ) ), $this->token_entries( $done ) );
		$this->assertSame( $completion, $done->completion_tokens );
	}

	public function test_each_attempt_is_paid_also_one_whose_stream_dropped(): void {
		$job  = $this->enqueue_text( $this->user( 'author' ), 'Drop me once. [[fault:drop times=1 key=' . wp_generate_password( 10, false ) . ']]' );
		$done = $this->run_until_finished( $job, 30 );

		$this->assertSame( JobStatus::COMPLETED, $done->status );
		$this->assertSame( 2, $done->attempts );
		$this->assertGreaterThan( $this->reported_completion( $done ), $done->completion_tokens, 'more than the attempt that finished' );
		$entries = $this->token_entries( $done );
		$this->assertCount( 2, $entries, (string) wp_json_encode( $entries ) );
		[ $dropped, $reported ] = $entries;
		$this->assertSame( array( 1, 1 ), array( $dropped[0], $dropped[3] ), 'attempt 1: estimated' );
		$this->assertGreaterThan( 0, $dropped[2], 'the words that came before the drop' );
		$this->assertSame( array( 2, 0 ), array( $reported[0], $reported[3] ), 'attempt 2: as the provider reported it' );
		$this->assertSame( $dropped[1] + $reported[1], $done->prompt_tokens, 'the job shows both attempts' );
		$this->assertSame( $dropped[2] + $reported[2], $done->completion_tokens );
	}

	/**
	 * What the test server reports for the job's final text: a token per four characters.
	 */
	private function reported_completion( Job $job ): int {
		return (int) ceil( mb_strlen( (string) ( $job->result['text'] ?? '' ) ) / 4 );
	}

	private function enqueue_text( int $user, string $text ): Job {
		$result = iacp()->job_queue()->enqueue(
			'text',
			array(
				'mode' => 'rewrite',
				'text' => $text,
			),
			array(
				'user_id'      => $user,
				'max_attempts' => 3,
			)
		);
		$this->assertNotWPError( $result );
		return $result->job;
	}

	/**
	 * The job's token rows in the ledger: [attempt, prompt, completion, estimated] each.
	 *
	 * @return list<list<int>>
	 */
	private function token_entries( Job $job ): array {
		$rows = array_filter( iacp()->usage_ledger()->entries_for_job( $job->id ), static fn( array $row ): bool => 'tokens' === $row['kind'] );
		return array_values( array_map( static fn( array $row ): array => array( (int) $row['attempt'], (int) $row['prompt_tokens'], (int) $row['completion_tokens'], (int) $row['estimated'] ), $rows ) );
	}

	/**
	 * @param callable(Job): bool $condition What to wait for.
	 */
	private function wait_for( Job $job, callable $condition ): Job {
		$deadline = microtime( true ) + 20;
		do {
			$seen = iacp()->job_repository()->find( $job->id );
			if ( null !== $seen && $condition( $seen ) ) {
				return $seen;
			}
			usleep( 50000 );
		} while ( microtime( true ) < $deadline );
		$this->fail( 'the job never got there: ' . wp_json_encode( $seen?->log ) );
	}
}
