<?php
/**
 * The admin notice when jobs wait and no runner comes.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

use IACP\Queue\LoopbackProbe;
use IACP\Queue\QueueHealthNotice;
use IACP\Queue\RunnerLastSeen;

final class QueueHealthNoticeTest extends QueueTestCase {

	public function test_shows_to_administrators_only_when_jobs_wait_and_no_runner_came(): void {
		$notice = new QueueHealthNotice( iacp()->queue_stats_repository(), new RunnerLastSeen(), new LoopbackProbe( iacp()->instant_kick() ) );
		$job    = $this->enqueue( 'test_noop' );
		// Pinned: the real site's WP-Cron may record a visit at any moment.
		$seen = array( 'time' => time() - 600, 'source' => 'cron' );
		add_filter( 'pre_option_' . RunnerLastSeen::OPTION, $pin = static function () use ( &$seen ) {
			return $seen;
		} );
		$this->assertNull( $notice->problem(), 'a fresh job is no alarm' );

		$this->force( $job, array( 'created_at' => time() - 300 ) );
		$this->assertSame( 'no_runner', $notice->problem(), 'the loopback works here, so nothing ran the queue' );

		wp_set_current_user( $this->user( 'editor' ) );
		ob_start();
		$notice->render();
		$this->assertSame( '', ob_get_clean() );

		wp_set_current_user( $this->user( 'administrator' ) );
		ob_start();
		$notice->render();
		$html = (string) ob_get_clean();
		$this->assertStringContainsString( 'AI jobs are waiting', $html );
		$this->assertStringContainsString( 'wp iacp work', $html );

		$seen = array( 'time' => time(), 'source' => 'cli' );
		$this->assertNull( $notice->problem(), 'a runner came recently' );
		remove_filter( 'pre_option_' . RunnerLastSeen::OPTION, $pin );
	}
}
