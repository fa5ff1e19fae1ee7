<?php
/**
 * MariaDB restarted under running runners (this checkout's test server only, through tests/support/mariadb-control.mjs):
 * workers wait for it and carry on, a job is never run twice, an outcome held during the outage is stored when the
 * server is back, a job the outage interrupted runs again at once (not after its lease); web runners leave quietly.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

use IACP\Jobs\JobStatus;
use IACP\Queue\RunnerBudget;
use IACP\Queue\RunSummary;

final class DatabaseRestartTest extends QueueTestCase {

	private const JOBS = 1000;

	protected function tearDown(): void {
		// Whatever happened, the site's database is running for the next test.
		$this->database( 'start' )->wait( 60 );
		parent::tearDown();
	}

	public function test_workers_keep_running_through_a_restart_and_complete_every_job_once(): void {
		for ( $i = 0; $i < self::JOBS; $i++ ) {
			$this->enqueue( 'test_count', array( 'ms' => 5 ) );
		}
		$wp_path = (string) self::env()['wp_path'];
		$flags   = array( '--type=test_count', '--sleep=0.1' );
		$workers = array(
			'bin/iacp-worker.php' => Process::worker( $wp_path, $flags ),
			'wp iacp work'        => Process::wp( $wp_path, array_merge( array( 'iacp', 'work' ), $flags ) ),
		);
		try {
			$this->wait_until( fn(): bool => $this->effect_count() >= 150, 60, 'the drain is under way' );
			$restart = $this->database( 'restart', array( '--down=3' ) );
			$this->assertSame( 0, $restart->wait( 60 ), 'MariaDB restarted: ' . $restart->stderr() );
			$this->wait_until( fn(): bool => self::JOBS === $this->completed_count(), 120, 'every job completed after the restart' );

			foreach ( $workers as $name => $worker ) {
				$this->assertTrue( $worker->running(), "{$name} is the same process, still running: " . $worker->stdout() . $worker->stderr() );
			}
			$this->assert_each_job_ran_once();
			$seen_outage = false;
			foreach ( $workers as $name => $worker ) {
				$worker->signal( 15 );
				$this->assertSame( 0, $worker->wait( 30 ), "{$name} stops cleanly: " . $worker->stderr() );
				$output = $worker->stdout() . $worker->stderr();
				$this->assertStringNotContainsString( '<', $output, "{$name} prints no HTML" );
				$this->assertStringNotContainsString( 'Error establishing', $output );
				$this->assertDoesNotMatchRegularExpression( '/\b(Warning|Notice|Deprecated|Fatal error|WordPress database error)\b/i', $output, "{$name}: no PHP warning or database error printed" );
				if ( str_contains( $output, 'database unavailable' ) ) {
					$seen_outage = true;
					$this->assertMatchesRegularExpression( '/^\d\d:\d\d:\d\d  database unavailable \([^\n]+\); reconnecting$/m', $output, "{$name}: one plain line when the database went" );
					$this->assertMatchesRegularExpression( '/^\d\d:\d\d:\d\d  database back after \d+\.\d s; carrying on$/m', $output, "{$name}: one when it came back" );
					$this->assertLessThanOrEqual( substr_count( $output, 'database back after' ) + 1, substr_count( $output, 'database unavailable' ), "{$name}: a line per change, not per try" );
				}
			}
		} finally {
			// Daemons: never leave one running into the next test, whatever failed.
			foreach ( $workers as $worker ) {
				$worker->wait( 0 );
			}
		}
		$this->assertTrue( $seen_outage, 'the workers saw the outage' );
		$this->record_figures( $restart->stdout() );
	}

	public function test_an_outcome_held_through_a_short_outage_is_stored_when_the_database_returns(): void {
		$job     = $this->enqueue( 'test_kick', array( 'after_ms' => 1500 ) );
		$restart = $this->database( 'restart', array( '--after=0.3', '--down=2' ) );
		// The kick's own budget: the side effect happens, the server goes, the outcome waits for it to return.
		$summary = iacp()->runner()->run( RunnerBudget::for_kick() );
		$this->assertSame( 0, $restart->wait( 60 ), $restart->stderr() );

		$this->assertSame( array( 'completed' => 1 ), $summary->outcomes, (string) wp_json_encode( $summary->to_array() ) );
		$done = $this->job( $job );
		$this->assertSame( JobStatus::COMPLETED, $done->status );
		$this->assertSame( 1, $done->attempts );
		$this->assertCount( 1, $this->effects( $job ), 'run once' );
	}

	public function test_a_job_whose_side_effect_meets_the_outage_runs_again_at_once_when_the_database_returns_and_only_once(): void {
		// A lease far longer than this run: a job left to wait out its lease would still be processing at the end.
		$lease = static fn(): int => 300;
		add_filter( 'iacp_lease_seconds', $lease );
		try {
			$job = $this->enqueue( 'test_count', array( 'ms' => 3000 ) );
			// The server is gone from about 1 s to at least 5 s: the job's write at 3 s meets the outage.
			$restart = $this->database( 'restart', array( '--after=0.2', '--down=4' ) );
			$summary = $this->run_queue( array( 'test_count' ) );
			$this->assertSame( 0, $restart->wait( 60 ), $restart->stderr() );
		} finally {
			remove_filter( 'iacp_lease_seconds', $lease );
		}

		$this->assertSame(
			array(
				'interrupted' => 1,
				'completed'   => 1,
			),
			$summary->outcomes,
			(string) wp_json_encode( $summary->to_array() )
		);
		$done = $this->job( $job );
		$this->assertSame( JobStatus::COMPLETED, $done->status, 'run again by the same runner as soon as the server was back' );
		$this->assertSame( 1, $done->attempts, 'the interrupted attempt is not counted' );
		$this->assertCount( 1, $this->effects( $job ), 'its side effect happened once' );
		$this->assertContains( 'Interrupted: the database connection was lost; will run again.', array_column( $done->log, 'message' ) );
	}

	public function test_web_runners_leave_quietly_while_the_database_is_away_and_the_next_runner_runs_the_job(): void {
		$job = $this->enqueue( 'test_kick' );
		$this->assertSame( 0, $this->database( 'stop' )->wait( 30 ) );
		// WP-Cron's and the kick's budgets; the test fails on any output (beStrictAboutOutputDuringTests).
		foreach ( array( RunnerBudget::for_cron(), RunnerBudget::for_kick() ) as $budget ) {
			$summary = iacp()->runner()->run( $budget );
			$this->assertSame( array( RunSummary::STOP_DATABASE, 0 ), array( $summary->stop_reason, $summary->processed ), $budget->source );
		}

		$this->assertSame( 0, $this->database( 'start' )->wait( 60 ) );
		$this->assertSame( JobStatus::PENDING, $this->job( $job )->status, 'left for the next runner' );
		$this->run_queue( array( 'test_kick' ) );
		$done = $this->job( $job );
		$this->assertSame( JobStatus::COMPLETED, $done->status );
		$this->assertCount( 1, $this->effects( $job ) );
	}

	/**
	 * Runs tests/support/mariadb-control.mjs against this test site's server.
	 *
	 * @param list<string> $flags Flags.
	 */
	private function database( string $action, array $flags = array() ): Process {
		$env_file = getenv( 'IACP_ENV_FILE' ) ?: dirname( __DIR__, 3 ) . '/.iacp-env/test/env.json';
		return new Process( array_merge( array( 'node', dirname( __DIR__, 3 ) . '/tests/support/mariadb-control.mjs', $action, $env_file ), $flags ) );
	}

	private function effect_count(): int {
		global $wpdb;
		return (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . iacptest_effects_table() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	}

	private function completed_count(): int {
		global $wpdb;
		return (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM ' . $this->jobs_table() . ' WHERE status = %s', JobStatus::COMPLETED ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	}

	private function assert_each_job_ran_once(): void {
		global $wpdb;
		$effects = $wpdb->get_row( 'SELECT COUNT(*) AS executions, COUNT(DISTINCT job_public_id) AS jobs FROM ' . iacptest_effects_table(), ARRAY_A ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$this->assertSame( array( 'executions' => (string) self::JOBS, 'jobs' => (string) self::JOBS ), $effects, 'every job ran its side effect exactly once' );
		$this->assertSame( '0', (string) $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM ' . $this->jobs_table() . ' WHERE status <> %s', JobStatus::COMPLETED ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	}

	/**
	 * Figures for the report (not asserted): how fast the drain went before the outage and after the return, and how
	 * long after the server was back the last job completed. Written to artifacts/faults.json.
	 */
	private function record_figures( string $restart_output ): void {
		global $wpdb;
		preg_match( '/stopped ([\d.]+)/', $restart_output, $stopped );
		preg_match( '/started ([\d.]+)/', $restart_output, $started );
		$times = array_map( 'floatval', $wpdb->get_col( 'SELECT at FROM ' . iacptest_effects_table() . ' ORDER BY at' ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		if ( ! isset( $stopped[1], $started[1] ) || array() === $times ) {
			return;
		}
		$before = array_values( array_filter( $times, static fn( float $at ): bool => $at < (float) $stopped[1] ) );
		$after  = array_values( array_filter( $times, static fn( float $at ): bool => $at >= (float) $started[1] ) );
		$rate   = static fn( array $at ): ?float => count( $at ) > 1 ? round( ( count( $at ) - 1 ) / max( 0.001, end( $at ) - $at[0] ), 1 ) : null;
		self::figures(
			'database_restart',
			array(
				'jobs'                            => self::JOBS,
				'workers'                         => 2,
				'jobs_before_outage'              => count( $before ),
				'jobs_per_s_before'               => $rate( $before ),
				'jobs_after_return'               => count( $after ),
				'jobs_per_s_after'                => $rate( $after ),
				'first_job_after_return_s'        => array() === $after ? null : round( $after[0] - (float) $started[1], 2 ),
				'last_job_after_return_s'         => round( end( $times ) - (float) $started[1], 2 ),
				'server_down_s'                   => round( (float) $started[1] - (float) $stopped[1], 2 ),
			)
		);
	}

	/**
	 * @param array<string, mixed> $values Figures.
	 */
	public static function figures( string $name, array $values ): void {
		$file = dirname( __DIR__, 3 ) . '/artifacts/faults.json';
		wp_mkdir_p( dirname( $file ) );
		$all          = is_readable( $file ) ? (array) json_decode( (string) file_get_contents( $file ), true ) : array();
		$all[ $name ] = $values;
		file_put_contents( $file, wp_json_encode( $all, JSON_PRETTY_PRINT ) . "\n" ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents
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
