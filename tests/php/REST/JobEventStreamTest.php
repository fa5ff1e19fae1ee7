<?php
/**
 * The event stream's loop in this process, with its events collected: what it sends, and how often it reads the
 * database while nothing changes (it slows down to a read every 2 s; it used to read four times a second), and while
 * a started job's first words are awaited (every 100 ms for the stream's first 5 s).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\REST;

use IACP\Jobs\JobPresenter;
use IACP\Jobs\JobWatch;
use IACP\REST\EventSink;
use IACP\REST\JobEventStream;
use IACP\Tests\Queue\QueueTestCase;

final class JobEventStreamTest extends QueueTestCase {

	public function test_an_idle_stream_reads_the_job_about_once_a_second_and_sends_it_once(): void {
		global $wpdb;
		wp_set_current_user( $this->user( 'author' ) );
		$job    = $this->enqueue( 'test_noop', array(), array( 'user_id' => get_current_user_id() ) );
		$sink   = $this->sink();
		$stream = new JobEventStream( new JobWatch(), new JobPresenter(), iacp()->job_access() );

		$before = $wpdb->num_queries;
		$stream->run( $job, 5, $sink );
		$queries = $wpdb->num_queries - $before;

		$this->assertSame( array( 'job', 'reconnect' ), array_column( $sink->events, 0 ), 'one event for the one state, then the lifetime ends' );
		$this->assertLessThanOrEqual( 6, $queries, 'five seconds of a job that does not change' );
		$this->assertGreaterThanOrEqual( 3, $queries, 'it does keep looking' );
	}

	public function test_a_started_job_with_no_words_yet_is_read_often_in_the_first_seconds_then_as_an_idle_one(): void {
		global $wpdb;
		wp_set_current_user( $this->user( 'author' ) );
		$job = $this->enqueue( 'test_noop', array(), array( 'user_id' => get_current_user_id() ) );
		$this->assertNotNull( $this->claim( array( 'test_noop' ) ), 'the job is processing' );
		$stream = new JobEventStream( new JobWatch(), new JobPresenter(), iacp()->job_access() );

		$before = $wpdb->num_queries;
		$stream->run( $job, 1, $this->sink() );
		$this->assertGreaterThanOrEqual( 6, $wpdb->num_queries - $before, 'its first words are awaited: about every 100 ms' );
	}

	public function test_a_change_is_sent_and_the_end_follows(): void {
		wp_set_current_user( $this->user( 'author' ) );
		$job  = $this->enqueue( 'test_noop', array(), array( 'user_id' => get_current_user_id() ) );
		$sink = $this->sink(
			static function () use ( $job ): void {
				iacp()->job_queue()->cancel( $job );
			}
		);

		( new JobEventStream( new JobWatch(), new JobPresenter(), iacp()->job_access() ) )->run( $job, 10, $sink );

		$this->assertSame( array( 'job', 'job', 'end' ), array_column( $sink->events, 0 ) );
		$this->assertSame( array( 'pending', 'cancelled' ), array( $sink->events[0][1]['status'], $sink->events[1][1]['status'] ) );
		$this->assertSame( array( 'status' => 'cancelled' ), $sink->events[2][1] );
	}

	/**
	 * A sink that keeps events, and runs $on_first_flush once (a change made while the stream runs).
	 */
	private function sink( ?\Closure $on_first_flush = null ): EventSink {
		return new class( $on_first_flush ) implements EventSink {
			/** @var list<array{string, array<string, mixed>}> */
			public array $events = array();

			public function __construct( private ?\Closure $on_first_flush ) {}

			public function event( string $name, array $data, string $id = '' ): void {
				$this->events[] = array( $name, $data );
			}

			public function heartbeat(): void {}

			public function flush(): bool {
				if ( null !== $this->on_first_flush ) {
					( $this->on_first_flush )();
					$this->on_first_flush = null;
				}
				return true;
			}
		};
	}
}
