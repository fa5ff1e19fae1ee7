<?php
/**
 * bin/iacp-worker.php, the worker for hosts without WP-CLI: its usage error, --url (the site of a network, as
 * WP-CLI's), and its plain-text lines — escaped for Plugin Check, unchanged for the operator.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\CLI;

use IACP\Jobs\JobStatus;
use IACP\Tests\Queue\Process;
use IACP\Tests\Queue\QueueTestCase;

final class StandaloneWorkerTest extends QueueTestCase {

	public function test_without_a_wordpress_path_it_prints_its_usage_and_exits_2(): void {
		$worker = new Process( array( PHP_BINARY, dirname( __DIR__, 3 ) . '/bin/iacp-worker.php', '--once' ) );
		$this->assertSame( 2, $worker->wait( 30 ) );
		$this->assertStringStartsWith( 'Usage: php iacp-worker.php --path=/path/to/wordpress [--url=<site url>]', $worker->stderr() );
	}

	public function test_with_the_site_url_it_runs_a_job_and_prints_plain_lines(): void {
		$job    = $this->enqueue( 'test_count', array( 'n' => 1 ) );
		$worker = Process::worker(
			self::env()['wp_path'],
			array( '--url=' . self::env()['url'] . '/', '--once', '--type=test_count', '--sleep=0.05' ),
		);
		$this->assertSame( 0, $worker->wait( 60 ), $worker->stderr() );
		$this->assertSame( JobStatus::COMPLETED, $this->job( $job )->status );
		$this->assertMatchesRegularExpression( "/^\\d\\d:\\d\\d:\\d\\d  {$job->public_id}  test_count: completed  attempt 1$/m", $worker->stdout() );
		$this->assertMatchesRegularExpression( '/^Processed 1 job\(s\) \(completed 1\) in [\d.]+ s; stopped: [a-z ]+\.$/m', $worker->stdout() );
		$this->assertSame( '', $worker->stderr() );
	}
}
