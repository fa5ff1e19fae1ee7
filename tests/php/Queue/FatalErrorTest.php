<?php
/**
 * Jobs that stop the PHP process running them — memory exhausted under a low memory_limit, a fatal error, exit(),
 * max_execution_time in a web runner — in real worker processes and a real web request: what happened is on the job
 * at once, the attempt counts, the jobs behind it run, and the worker exits 255 with one plain line.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

use IACP\Jobs\Job;
use IACP\Jobs\JobStatus;
use IACP\Queue\JobExecutor;
use IACP\Settings\Settings;

final class FatalErrorTest extends QueueTestCase {

	private const WORKER_LINE = '/^\d\d:\d\d:\d\d  worker stopped by job [0-9a-f-]{36} \(test_crash, attempt \d of \d\): [^\n<]+\. Exiting with code 255\.\n$/';

	/** @var mixed */
	private $saved_settings;

	protected function setUp(): void {
		parent::setUp();
		$this->saved_settings = get_option( Settings::OPTION, null );
		// Short backoff, so a job that crashed comes round again within a second or two.
		( new Settings() )->update(
			array(
				'retry_base_seconds' => 1,
				'retry_cap_seconds'  => 2,
			)
		);
	}

	protected function tearDown(): void {
		null === $this->saved_settings ? delete_option( Settings::OPTION ) : update_option( Settings::OPTION, $this->saved_settings, false );
		parent::tearDown();
	}

	public function test_a_job_that_exhausts_memory_is_recorded_at_once_fails_after_its_attempts_and_the_jobs_behind_it_complete(): void {
		$hog    = $this->enqueue( 'test_crash', array( 'mode' => 'memory' ) );
		$behind = array();
		for ( $i = 0; $i < 3; $i++ ) {
			$behind[] = $this->enqueue( 'test_count' );
		}

		$crashes  = 0;
		$recorded = array();
		for ( $round = 0; $round < 15 && ! $this->all_finished( array_merge( array( $hog ), $behind ) ); $round++ ) {
			// A supervisor: start a worker, wait for it, start the next.
			$worker = $this->bin_worker( array( '--once', '--type=test_crash,test_count', '--sleep=0.1' ) );
			$seen   = $this->watch_for_crash_record( $hog, $worker );
			$code   = $worker->wait( 60 );
			if ( 0 !== $code ) {
				++$crashes;
				$this->assertSame( 255, $code, 'a crashed worker exits 255' );
				$this->assertMatchesRegularExpression( self::WORKER_LINE, $worker->stderr(), 'one plain line on stderr' );
				$this->assertStringContainsString( 'memory_limit 64M', $worker->stderr() );
				$this->assertStringNotContainsString( '<', $worker->stdout() . $worker->stderr(), 'no HTML' );
				if ( null !== $seen ) {
					$recorded[] = $seen;
				}
			}
			usleep( 300000 );
		}

		$failed = $this->job( $hog );
		$this->assertSame( JobStatus::FAILED, $failed->status );
		$this->assertSame( 'worker_crashed', $failed->error_code );
		$this->assertSame( 3, $failed->attempts );
		$this->assertSame( 3, $crashes, 'each attempt stopped its worker' );
		$this->assertStringContainsString( 'stopped the worker 3 times', (string) $failed->error_message );
		$this->assertStringContainsString( 'needed more memory than PHP allows (memory_limit 64M)', (string) $failed->error_message );
		$this->assertStringNotContainsString( '.php', (string) $failed->error_message, 'file and line are for managers, in the log' );
		$entries = array_values( array_filter( $failed->log, static fn( array $entry ): bool => JobExecutor::CRASH_LOG === $entry['message'] ) );
		$this->assertCount( 3, $entries );
		$this->assertSame( 'memory', $entries[0]['data']['cause'] );
		$this->assertMatchesRegularExpression( '/^Allowed memory size of \d+ bytes exhausted .* in \/.+job-types\.php:\d+$/', $entries[0]['data']['detail'] );
		foreach ( $behind as $job ) {
			$this->assertSame( JobStatus::COMPLETED, $this->job( $job )->status, 'the jobs behind it ran' );
			$this->assertCount( 1, $this->effects( $job ) );
		}
		DatabaseRestartTest::figures( 'memory_crash', array( 'error_on_job_ms_after_worker_exit' => $recorded ) );
	}

	public function test_wp_cli_work_records_the_crash_and_exits_255_ending_with_its_plain_line(): void {
		$hog    = $this->enqueue( 'test_crash', array( 'mode' => 'memory' ), array( 'max_attempts' => 1 ) );
		$worker = new Process(
			array( PHP_BINARY, '-d', 'memory_limit=64M', (string) self::env()['wp_cli_boot'], '--allow-root', '--path=' . self::env()['wp_path'], 'iacp', 'work', '--once', '--type=test_crash' ),
			array( 'WP_CLI_PHP_USED' => PHP_BINARY )
		);
		$this->assertSame( 255, $worker->wait( 60 ), $worker->stdout() . $worker->stderr() );
		// WP-CLI reports a fatal error itself first (its own plain text, from a shutdown handler that runs before any
		// plugin's); the worker's line is the last one, once.
		$stderr = $worker->stderr();
		$lines  = explode( "\n", rtrim( $stderr ) );
		$this->assertMatchesRegularExpression( self::WORKER_LINE, end( $lines ) . "\n" );
		$this->assertSame( 1, substr_count( $stderr, 'worker stopped by job' ) );
		$this->assertStringNotContainsString( '<', $worker->stdout() . $stderr, 'no HTML, not WordPress\'s "critical error" page' );

		$failed = $this->job( $hog );
		$this->assertSame( array( JobStatus::FAILED, 'worker_crashed' ), array( $failed->status, $failed->error_code ) );
		$this->assertStringContainsString( 'stopped the worker 1 time', (string) $failed->error_message );
		$this->assertNull( $failed->lease_token, 'released at once, not left to its lease' );
	}

	public function test_a_fatal_error_and_an_exit_in_a_handler_are_recorded_with_their_cause(): void {
		foreach ( array(
			'fatal' => 'hit a PHP fatal error',
			'exit'  => 'ended the PHP process running it',
		) as $mode => $words ) {
			$job    = $this->enqueue( 'test_crash', array( 'mode' => $mode ), array( 'max_attempts' => 2 ) );
			$worker = $this->bin_worker( array( '--max-jobs=1', '--type=test_crash', '--sleep=0.1', '--time-limit=20' ) );
			$this->assertSame( 255, $worker->wait( 60 ), $mode . ': ' . $worker->stdout() . $worker->stderr() );
			$this->assertMatchesRegularExpression( self::WORKER_LINE, $worker->stderr() );

			$retried = $this->job( $job );
			$this->assertSame( JobStatus::PENDING, $retried->status, "{$mode}: released for another attempt" );
			$this->assertSame( 'worker_crashed', $retried->error_code );
			$this->assertSame( 1, $retried->attempts, 'the attempt counts' );
			$this->assertStringContainsString( $words, (string) $retried->error_message );
			$this->assertStringContainsString( 'It will run again', (string) $retried->error_message );
			$crash = array_values( array_filter( $retried->log, static fn( array $entry ): bool => JobExecutor::CRASH_LOG === $entry['message'] ) );
			$this->assertSame( $mode, $crash[0]['data']['cause'] ?? null );
			iacp()->job_queue()->cancel( $retried );
		}
	}

	public function test_what_an_attempt_streamed_before_it_stopped_the_worker_is_charged_to_the_usage_ledger(): void {
		foreach ( array( 'memory', 'fatal' ) as $mode ) {
			$job    = $this->enqueue(
				'test_crash',
				array(
					'mode'     => $mode,
					'streamed' => true,
				),
				array( 'max_attempts' => 1 )
			);
			$worker = $this->bin_worker( array( '--max-jobs=1', '--type=test_crash', '--sleep=0.1', '--time-limit=20' ) );
			$this->assertSame( 255, $worker->wait( 60 ), $mode . ': ' . $worker->stdout() . $worker->stderr() );

			$tokens = array_values( array_filter( iacp()->usage_ledger()->entries_for_job( $job->id ), static fn( array $row ): bool => 'tokens' === $row['kind'] ) );
			$this->assertCount( 1, $tokens, "{$mode}: the stopped attempt is charged once" );
			$this->assertSame( 1, (int) $tokens[0]['attempt'], $mode );
			$this->assertSame( 1, (int) $tokens[0]['estimated'], "{$mode}: estimated from the streamed text" );
			// 40 × 29 characters streamed: a token per four characters.
			$this->assertSame( 290, (int) $tokens[0]['completion_tokens'], $mode );
			$this->assertSame( JobStatus::FAILED, $this->job( $job )->status, "{$mode}: its one attempt used" );
		}
	}

	public function test_a_job_past_max_execution_time_in_a_web_runner_is_recorded_and_released(): void {
		$job      = $this->enqueue( 'test_kick_burn', array( 'ms' => 8000 ) );
		// A host that allows 5 s and no raising: the 1 s job fits, then runs past PHP's limit.
		$this->assertSame( 500, $this->kick_on_a_host_allowing( 5 ), 'PHP ended the request' );

		$failed = $this->job( $job );
		$this->assertSame( JobStatus::FAILED, $failed->status, 'one attempt, recorded by the request that died' );
		$this->assertSame( 'worker_crashed', $failed->error_code );
		$this->assertStringContainsString( 'max_execution_time 5 s', (string) $failed->error_message );
		$this->assertNull( $failed->lease_token );
		$this->assertCount( 0, $this->effects( $job ) );
	}

	/**
	 * php -d memory_limit=64M bin/iacp-worker.php --path=… with flags.
	 *
	 * @param list<string> $flags Flags.
	 */
	private function bin_worker( array $flags ): Process {
		return new Process( array_merge( array( PHP_BINARY, '-d', 'memory_limit=64M', dirname( __DIR__, 3 ) . '/bin/iacp-worker.php', '--path=' . self::env()['wp_path'] ), $flags ) );
	}

	/**
	 * While the worker runs, how many milliseconds after its exit the job showed a new crash (negative: before).
	 */
	private function watch_for_crash_record( Job $job, Process $worker ): ?int {
		$before   = $this->crash_entries( $job );
		$recorded = null;
		while ( $worker->running() ) {
			if ( null === $recorded && $this->crash_entries( $job ) > $before ) {
				$recorded = microtime( true );
			}
			usleep( 10000 );
		}
		$exited = microtime( true );
		if ( null === $recorded && $this->crash_entries( $job ) > $before ) {
			$recorded = microtime( true );
		}
		return null === $recorded ? null : (int) round( ( $recorded - $exited ) * 1000 );
	}

	private function crash_entries( Job $job ): int {
		return count( array_filter( $this->job( $job )->log, static fn( array $entry ): bool => JobExecutor::CRASH_LOG === $entry['message'] ) );
	}

	/**
	 * @param list<Job> $jobs Jobs.
	 */
	private function all_finished( array $jobs ): bool {
		foreach ( $jobs as $job ) {
			if ( ! $this->job( $job )->is_finished() ) {
				return false;
			}
		}
		return true;
	}
}
