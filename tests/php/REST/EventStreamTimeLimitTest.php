<?php
/**
 * The event stream keeps inside the host's max_execution_time instead of raising it (no set_time_limit()): it asks
 * the client to reconnect before PHP would cut the response off.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\REST;

use IACP\REST\JobEventsController;
use PHPUnit\Framework\TestCase;

final class EventStreamTimeLimitTest extends TestCase {

	private string $limit;

	private float $request_time;

	protected function setUp(): void {
		$this->limit        = (string) ini_get( 'max_execution_time' );
		$this->request_time = (float) $_SERVER['REQUEST_TIME_FLOAT'];
	}

	protected function tearDown(): void {
		ini_set( 'max_execution_time', $this->limit ); // phpcs:ignore WordPress.PHP.IniSet.Risky
		$_SERVER['REQUEST_TIME_FLOAT'] = $this->request_time;
	}

	public function test_without_a_time_limit_the_stream_lives_as_long_as_asked(): void {
		$this->request_started_seconds_ago( 0, 0 );
		$this->assertSame( 55, JobEventsController::within_time_limit( 55 ) );
	}

	public function test_under_a_30_second_limit_it_ends_five_seconds_before_php_would(): void {
		$this->request_started_seconds_ago( 30, 2 );
		$this->assertSame( 23, JobEventsController::within_time_limit( 55 ) );
		$this->assertSame( 20, JobEventsController::within_time_limit( 20 ), 'a shorter lifetime stays as asked' );
	}

	public function test_with_no_time_left_it_still_answers_for_a_second(): void {
		$this->request_started_seconds_ago( 5, 4 );
		$this->assertSame( 1, JobEventsController::within_time_limit( 25 ) );
	}

	private function request_started_seconds_ago( int $limit, int $seconds ): void {
		ini_set( 'max_execution_time', (string) $limit ); // phpcs:ignore WordPress.PHP.IniSet.Risky
		// timer_float() counts from the start of the request, as PHP's limit does (not from this long test process's).
		$_SERVER['REQUEST_TIME_FLOAT'] = microtime( true ) - $seconds + 0.5;
	}
}
