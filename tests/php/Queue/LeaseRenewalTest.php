<?php
/**
 * Leases against the real stack (worker processes, MariaDB, the test AI server): a worker waiting on a provider
 * request that takes several leases keeps its job (curl's progress callback renews the lease), and a worker killed
 * during such a request loses it to the next worker. `test_image_short_lease` is the built-in image handler
 * with a 2 s lease.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

use IACP\Jobs\Job;
use IACP\Jobs\JobStatus;
use IACP\Tests\Providers\AiServerTestCase;
use IACP\Tests\TestEnvironment;

final class LeaseRenewalTest extends AiServerTestCase {

	/** The provider's delay before it answers: four leases of test_image_short_lease. */
	private const SLOW_MS = 8000;

	/** @var list<Process> */
	private array $workers = array();

	protected function tearDown(): void {
		foreach ( $this->workers as $worker ) {
			if ( $worker->running() ) {
				$worker->signal( 9 );
				$worker->wait( 5 );
			}
		}
		global $wpdb;
		$ids = $wpdb->get_col( $wpdb->prepare( "SELECT post_id FROM {$wpdb->postmeta} WHERE meta_key = %s", \IACP\JobTypes\ImageJobHandler::META_KEY ) );
		foreach ( $ids as $id ) {
			wp_delete_attachment( (int) $id, true );
		}
		parent::tearDown();
	}

	public function test_a_slow_but_alive_provider_request_is_never_taken_over(): void {
		$prompt = 'A slow kite ' . wp_generate_password( 8, false );
		$job    = $this->enqueue_image( $prompt );
		$owner  = $this->worker( array( '--max-jobs=1', '--time-limit=40' ) );
		$this->wait_until( fn(): bool => 1 === count( $this->requests_for( $prompt ) ), 20, 'the first worker asked the provider' );
		// A second worker reaps every 2 s: it would take the job over the moment its 2 s lease ran out.
		$rival = $this->worker( array( '--time-limit=12' ) );

		$this->assertSame( 0, $owner->wait( 40 ), $owner->stderr() );
		$this->assertSame( 0, $rival->wait( 20 ), $rival->stderr() );
		$done = $this->find( $job );
		$this->assertSame( JobStatus::COMPLETED, $done->status, (string) wp_json_encode( $done->log ) );
		$this->assertSame( 1, $done->attempts, 'one attempt: never taken over' );
		$this->assertNotContains( 'Worker lost; will retry.', array_column( $done->log, 'message' ) );
		$this->assertCount( 1, $this->requests_for( $prompt ), 'the provider was asked once' );
		$this->assertGreaterThanOrEqual( self::SLOW_MS, (float) $this->requests_for( $prompt )[0]['durationMs'], 'the request took four leases' );
		$this->assertStringContainsString( 'Processed 0 job(s)', $rival->stdout(), 'the rival ran nothing' );
	}

	public function test_a_worker_killed_during_a_provider_request_loses_the_job_to_the_next_worker(): void {
		$prompt = 'A lost kite ' . wp_generate_password( 8, false );
		$job    = $this->enqueue_image( $prompt );
		$victim = $this->worker( array( '--max-jobs=1', '--time-limit=40' ) );
		$this->wait_until( fn(): bool => 1 === count( $this->requests_for( $prompt ) ), 20, 'the first worker asked the provider' );
		$victim->signal( 9 );
		$victim->wait( 5 );
		$this->assertSame( JobStatus::PROCESSING, $this->find( $job )->status, 'a killed worker leaves its job processing' );

		$rescuer = $this->worker( array( '--max-jobs=1', '--time-limit=40' ) );
		$this->assertSame( 0, $rescuer->wait( 45 ), $rescuer->stderr() );
		$done = $this->find( $job );
		$this->assertSame( JobStatus::COMPLETED, $done->status, (string) wp_json_encode( $done->log ) );
		$this->assertSame( 2, $done->attempts );
		$this->assertContains( 'Worker lost; will retry.', array_column( $done->log, 'message' ) );
		$this->assertCount( 1, (array) ( $done->result['images'] ?? array() ) );
		$this->assertCount( 2, $this->requests_for( $prompt ) );
	}

	private function enqueue_image( string $prompt ): Job {
		$result = iacp()->job_queue()->enqueue(
			'test_image_short_lease',
			array(
				'prompt' => $prompt . ' [[latency:' . self::SLOW_MS . ']]',
				'size'   => '256x256',
				'count'  => 1,
			),
			array( 'max_attempts' => 3 )
		);
		$this->assertNotWPError( $result );
		return $result->job;
	}

	/**
	 * @param list<string> $flags Worker flags.
	 */
	private function worker( array $flags ): Process {
		$worker          = Process::worker( TestEnvironment::load( 'IACP_ENV_FILE', 'test' )['wp_path'], array_merge( array( '--type=test_image_short_lease', '--sleep=0.2' ), $flags ) );
		$this->workers[] = $worker;
		return $worker;
	}

	/**
	 * The test server's image requests whose prompt starts with $prompt.
	 *
	 * @return list<array<string, mixed>>
	 */
	private function requests_for( string $prompt ): array {
		return array_values( array_filter( $this->server_requests(), static fn( array $request ): bool => '/v1/images/generations' === $request['path'] && str_starts_with( (string) $request['prompt'], $prompt ) ) );
	}

	private function find( Job $job ): Job {
		$found = iacp()->job_repository()->find( $job->id );
		$this->assertNotNull( $found );
		return $found;
	}

	private function wait_until( callable $condition, float $seconds, string $what ): void {
		$until = microtime( true ) + $seconds;
		while ( ! $condition() ) {
			if ( microtime( true ) > $until ) {
				$this->fail( "timed out waiting: {$what}" );
			}
			usleep( 100000 );
		}
		$this->addToAssertionCount( 1 );
	}
}
