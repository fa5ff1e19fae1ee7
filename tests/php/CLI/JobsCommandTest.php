<?php
/**
 * `wp iacp jobs …` and `wp iacp queue stats` through the real WP-CLI binary against the test site.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\CLI;

use IACP\Jobs\JobPresenter;
use IACP\Jobs\JobStatus;
use IACP\Tests\Queue\Process;
use IACP\Tests\Queue\QueueTestCase;

final class JobsCommandTest extends QueueTestCase {

	/**
	 * @param list<string> $args Arguments after `wp`.
	 * @return array{ int, string, string }
	 */
	private function wp( array $args ): array {
		return Process::wp_run( self::env()['wp_path'], $args );
	}

	public function test_list_and_get(): void {
		$a = $this->enqueue( 'test_noop', array( 'value' => 'alpha' ) );
		$b = $this->enqueue( 'test_count' );

		[ $code, $out ] = $this->wp( array( 'iacp', 'jobs', 'list', '--format=json' ) );
		$this->assertSame( 0, $code );
		$list = json_decode( $out, true );
		$this->assertSame( array( $b->public_id, $a->public_id ), array_column( $list, 'id' ), 'newest first' );

		[ $code, $out ] = $this->wp( array( 'iacp', 'jobs', 'list', '--type=test_noop', '--format=json' ) );
		$this->assertSame( array( $a->public_id ), array_column( json_decode( $out, true ), 'id' ) );

		[ $code, $out ] = $this->wp( array( 'iacp', 'jobs', 'list', '--status=completed', '--format=count' ) );
		$this->assertSame( '0', trim( $out ) );

		[ $code, $out ] = $this->wp( array( 'iacp', 'jobs', 'list' ) );
		$this->assertStringContainsString( $a->public_id, $out, 'table output' );

		// The poll hint counts from creation, and one WP-CLI boot on a busy machine can outlast its first 5 s step:
		// the hint must be the one for the age the command itself reports.
		$this->force( $a, array( 'created_at' => time() ) );
		[ $code, $out ] = $this->wp( array( 'iacp', 'jobs', 'get', $a->public_id, '--format=json' ) );
		$this->assertSame( 0, $code );
		$job = json_decode( $out, true );
		$this->assertSame( $a->public_id, $job['id'] );
		$this->assertSame( array( 'value' => 'alpha' ), $job['input'] );
		$this->assertIsInt( $job['elapsed_ms'] );
		$this->assertSame( JobPresenter::poll_after_ms( $job['elapsed_ms'] ), $job['poll_after_ms'] );
		$this->assertLessThanOrEqual( 1000, $job['poll_after_ms'], 'a job seconds old is polled at least every second' );

		[ $code, , $err ] = $this->wp( array( 'iacp', 'jobs', 'get', wp_generate_uuid4() ) );
		$this->assertSame( 1, $code );
		$this->assertStringContainsString( 'No job with id', $err );
	}

	public function test_list_filters_by_owner_without_clashing_with_the_global_user_flag(): void {
		$author = $this->user( 'author' );
		$login  = get_userdata( $author )->user_login;
		$email  = get_userdata( $author )->user_email;
		$theirs = $this->enqueue( 'test_noop', array(), array( 'user_id' => $author ) );
		$this->enqueue( 'test_noop', array(), array( 'user_id' => $this->user( 'author' ) ) );

		foreach ( array( (string) $author, $login, $email ) as $owner ) {
			[ $code, $out, $err ] = $this->wp( array( 'iacp', 'jobs', 'list', '--owner=' . $owner, '--format=json' ) );
			$this->assertSame( 0, $code, $err );
			$this->assertSame( array( $theirs->public_id ), array_column( json_decode( $out, true ), 'id' ), "--owner={$owner}" );
			$this->assertSame( '', trim( $err ), 'no warning about an argument that conflicts with a global one' );
		}

		[ $code, , $err ] = $this->wp( array( 'iacp', 'jobs', 'list', '--owner=nobody-here' ) );
		$this->assertSame( 1, $code );
		$this->assertStringContainsString( 'No user matches --owner=nobody-here', $err );
	}

	public function test_cancel_retry_and_purge(): void {
		$pending = $this->enqueue( 'test_noop' );
		$other   = $this->enqueue( 'test_noop' );

		[ $code, $out ] = $this->wp( array( 'iacp', 'jobs', 'cancel', $pending->public_id, $other->public_id ) );
		$this->assertSame( 0, $code );
		$this->assertStringContainsString( '2 job(s) cancelled', $out );
		$this->assertSame( JobStatus::CANCELLED, $this->job( $pending )->status );

		[ $code, , $err ] = $this->wp( array( 'iacp', 'jobs', 'cancel', $pending->public_id ) );
		$this->assertSame( 1, $code, 'cancelling a finished job is refused' );
		$this->assertStringContainsString( 'already finished', $err );

		[ $code ] = $this->wp( array( 'iacp', 'jobs', 'retry', $pending->public_id ) );
		$this->assertSame( 0, $code );
		$this->assertSame( JobStatus::PENDING, $this->job( $pending )->status );

		$failed = array( $this->enqueue( 'test_noop' ), $this->enqueue( 'test_noop' ) );
		foreach ( $failed as $job ) {
			$this->force( $job, array( 'status' => 'failed', 'finished_at' => time() ) );
		}
		[ $code, $out ] = $this->wp( array( 'iacp', 'jobs', 'retry', '--status=failed', '--all' ) );
		$this->assertSame( 0, $code );
		$this->assertStringContainsString( '2 job(s) retried', $out );
		foreach ( $failed as $job ) {
			$this->assertSame( JobStatus::PENDING, $this->job( $job )->status );
		}

		[ $code ] = $this->wp( array( 'iacp', 'jobs', 'purge', $pending->public_id ) );
		$this->assertSame( 1, $code, 'purging a pending job is refused' );
		$this->assertNotNull( iacp()->job_repository()->find( $pending->id ) );

		[ $code ] = $this->wp( array( 'iacp', 'jobs', 'purge', '--status=cancelled', '--all' ) );
		$this->assertSame( 0, $code );
		$this->assertNull( iacp()->job_repository()->find( $other->id ), 'the cancelled job is gone' );
		$this->assertNotNull( iacp()->job_repository()->find( $pending->id ) );

		[ $code, , $err ] = $this->wp( array( 'iacp', 'jobs', 'purge', '--all' ) );
		$this->assertSame( 1, $code );
		$this->assertStringContainsString( '--all needs --status', $err );
	}

	public function test_queue_stats(): void {
		$this->enqueue( 'test_noop' );
		$done = $this->enqueue( 'test_count' );
		$this->run_queue( array( 'test_count' ) );

		[ $code, $out ] = $this->wp( array( 'iacp', 'queue', 'stats', '--format=json' ) );
		$this->assertSame( 0, $code );
		$stats = json_decode( $out, true );
		$this->assertSame( 1, $stats['counts']['pending'] );
		$this->assertSame( 1, $stats['counts']['completed'] );
		$this->assertSame( 0, $stats['counts']['expired'] );
		$this->assertSame( 1, $stats['completed_in_window'] );
		$this->assertSame( 0.0, (float) $stats['failure_rate'] );
		$this->assertIsInt( $stats['oldest_pending_age_seconds'] );
		$this->assertNotNull( $stats['last_runner'] );
		$this->assertSame( 'skip_locked', $stats['claim_strategy'] );
		$this->assertFalse( $stats['wp_cron_disabled'] );

		[ $code, $out ] = $this->wp( array( 'iacp', 'queue', 'stats' ) );
		$this->assertSame( 0, $code );
		$this->assertStringContainsString( 'last runner', $out );
	}
}
