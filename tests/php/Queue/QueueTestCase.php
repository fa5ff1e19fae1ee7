<?php
/**
 * Base for job-engine tests: the jobs and effects tables exist and are empty, the instant kick is off (a test
 * turns it on when it tests it), and helpers to enqueue, claim, run, and bend a row's times.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

use IACP\Jobs\Job;
use IACP\Queue\RunnerBudget;
use IACP\Queue\RunSummary;
use IACP\Tests\IntegrationTestCase;
use IACP\Tests\TestEnvironment;

abstract class QueueTestCase extends IntegrationTestCase {

	protected function setUp(): void {
		iacp()->jobs_schema()->install_if_needed();
		iacptest_install_effects();
		parent::setUp();
		global $wpdb;
		$wpdb->query( 'DELETE FROM ' . iacptest_effects_table() ); // phpcs:ignore
		add_filter( 'iacp_instant_kick', '__return_false' );
	}

	protected function tearDown(): void {
		remove_filter( 'iacp_instant_kick', '__return_false' );
		parent::tearDown();
	}

	/**
	 * @param array<string, mixed> $input   Input.
	 * @param array<string, mixed> $options Options.
	 */
	protected function enqueue( string $type, array $input = array(), array $options = array() ): Job {
		$result = iacp()->job_queue()->enqueue( $type, $input, $options );
		$this->assertNotWPError( $result );
		return $result->job;
	}

	protected function job( Job $job ): Job {
		$fresh = iacp()->job_repository()->find( $job->id );
		$this->assertNotNull( $fresh, 'job still stored' );
		return $fresh;
	}

	/**
	 * @param list<string> $types Types to claim.
	 */
	protected function claim( array $types ): ?Job {
		$leases = array_fill_keys( $types, 60 );
		return iacp()->job_claimer()->claim_next( $types, $leases, 'test' );
	}

	/**
	 * Runs the real runner in this process until the queue of these types is empty.
	 *
	 * @param list<string> $types Types.
	 */
	protected function run_queue( array $types, int $max_jobs = 0 ): RunSummary {
		return iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 30, 0, $max_jobs, 0.0, 0.05, $types ) );
	}

	/**
	 * Sets columns directly (to move time: a lease that expired, a job that is old).
	 *
	 * @param array<string, int|string|null> $columns Columns.
	 */
	protected function force( Job $job, array $columns ): void {
		global $wpdb;
		$wpdb->update( $this->jobs_table(), $columns, array( 'id' => $job->id ) );
	}

	/**
	 * Effect rows (one per execution that reached its side effect) of a job.
	 *
	 * @return list<array<string, mixed>>
	 */
	protected function effects( Job $job ): array {
		global $wpdb;
		return $wpdb->get_results( $wpdb->prepare( 'SELECT * FROM ' . iacptest_effects_table() . ' WHERE job_public_id = %s ORDER BY id', $job->public_id ), ARRAY_A ); // phpcs:ignore
	}

	/**
	 * The instant kick's request to the real site, as a host with a short max_execution_time that forbids raising it
	 * (headers the test mu-plugin reads): the HTTP status it ended with.
	 */
	protected function kick_on_a_host_allowing( int $max_execution_time ): int {
		$response = wp_remote_post(
			admin_url( 'admin-ajax.php' ),
			array(
				// max_execution_time counts CPU time: on a busy machine a request takes longer than that on the clock.
				'timeout' => 120,
				'headers' => array(
					'X-IACP-Test-Max-Execution-Time' => (string) $max_execution_time,
					'X-IACP-Test-No-Raise'           => '1',
					// The kick answers before it runs: held here, the answer tells how the run ended.
					'X-IACP-Test-Hold-Answer'        => '1',
				),
				'body'    => array(
					'action' => \IACP\Queue\InstantKick::ACTION,
					'secret' => iacp()->runner_secret()->get(),
				),
			)
		);
		$this->assertNotWPError( $response );
		return (int) wp_remote_retrieve_response_code( $response );
	}

	protected function assertNotWPError( mixed $value ): void {
		$this->assertFalse( is_wp_error( $value ), is_wp_error( $value ) ? $value->get_error_code() . ': ' . $value->get_error_message() : '' );
	}

	/**
	 * @return array<string, mixed>
	 */
	protected static function env(): array {
		return TestEnvironment::load( 'IACP_ENV_FILE', 'test' );
	}
}
