<?php
/**
 * Hosts that run WP-Cron from the system crontab call `wp cron event run --due-now`: through the real WP-CLI (with
 * its core commands), the plugin's minute event must run the queue.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\CLI;

use IACP\Jobs\JobStatus;
use IACP\Queue\QueueCron;
use IACP\Tests\Queue\Process;
use IACP\Tests\Queue\QueueTestCase;

final class CronEventRunTest extends QueueTestCase {

	public function test_wp_cron_event_run_due_now_completes_a_pending_job(): void {
		// Only WP-Cron run from WP-CLI claims this type, so the site's own web cron cannot complete the job instead.
		$job = $this->enqueue( 'test_wp_cli_cron' );

		// The site's web cron may run the due event itself (a request of an earlier test spawns it) and move it a
		// minute on; then this run finds nothing due: make it due again and repeat, a few times at most.
		for ( $try = 1; $try <= 3; $try++ ) {
			wp_clear_scheduled_hook( QueueCron::PROCESS_HOOK );
			wp_schedule_event( time() - 5, QueueCron::SCHEDULE, QueueCron::PROCESS_HOOK );
			// --due-now honours WP-Cron's lock, which a web request of the suite may have left for up to a minute.
			delete_transient( 'doing_cron' );
			[ $code, $out, $err ] = Process::wp_run( self::env()['wp_path'], array( 'cron', 'event', 'run', '--due-now' ) );
			if ( str_contains( $out, "Executed the cron event '" . QueueCron::PROCESS_HOOK . "'" ) ) {
				break;
			}
		}

		$this->assertSame( 0, $code, $err );
		$this->assertStringContainsString( "Executed the cron event '" . QueueCron::PROCESS_HOOK . "'", $out );
		$this->assertStringNotContainsString( 'Warning', $err );
		$this->assertSame( JobStatus::COMPLETED, $this->job( $job )->status );
		$this->assertCount( 1, $this->effects( $job ), 'the job ran once' );
		wp_cache_delete( 'alloptions', 'options' ); // The CLI process rescheduled it; forget this process's copy.
		$this->assertGreaterThan( time(), (int) wp_next_scheduled( QueueCron::PROCESS_HOOK ), 'the minute event is scheduled again' );
	}

	public function test_wp_cron_event_list_shows_the_queue_events(): void {
		[ $code, $out, $err ] = Process::wp_run( self::env()['wp_path'], array( 'cron', 'event', 'list', '--fields=hook,recurrence', '--format=csv' ) );

		$this->assertSame( 0, $code, $err );
		$this->assertStringContainsString( QueueCron::PROCESS_HOOK . ',"1 minute"', $out );
		$this->assertStringContainsString( QueueCron::PURGE_HOOK . ',"1 day"', $out );
	}
}
