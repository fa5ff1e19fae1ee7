<?php
/**
 * POST /queue/run and the instant kick share the same few runner slots, so no caller holds more web workers than
 * the kick may; the kick, which carries the runner secret, goes over https whenever the site has it.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

use IACP\Jobs\Job;
use IACP\Jobs\JobContext;
use IACP\Jobs\JobHandler;
use IACP\Jobs\JobStatus;
use IACP\Queue\KickSlots;

final class RunnerSlotsTest extends QueueTestCase {

	private const SLOT_PROBE = 'slot_probe';

	protected function setUp(): void {
		parent::setUp();
		$this->free_all_slots();
		if ( ! iacp()->job_types()->has( self::SLOT_PROBE ) ) {
			iacp()->job_types()->register( self::SLOT_PROBE, $this->slot_probe() );
		}
		wp_set_current_user( $this->user( 'administrator' ) );
	}

	protected function tearDown(): void {
		$this->free_all_slots();
		parent::tearDown();
	}

	private function free_all_slots(): void {
		global $wpdb;
		$wpdb->query( "DELETE FROM {$wpdb->options} WHERE option_name LIKE 'iacp\\_kick\\_slot\\_%'" );
	}

	private function slots_taken(): int {
		global $wpdb;
		return (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->options} WHERE option_name LIKE 'iacp\\_kick\\_slot\\_%'" );
	}

	/**
	 * A job type that reports how many runner slots are taken while it runs.
	 */
	private function slot_probe(): JobHandler {
		$count = fn(): int => $this->slots_taken();
		return new class( $count ) implements JobHandler {
			public function __construct( private readonly \Closure $count ) {}

			public function input_schema(): array {
				return array( 'type' => 'object' );
			}

			public function time_limit(): int {
				return 10;
			}

			public function default_max_attempts(): int {
				return 1;
			}

			public function handle( Job $job, JobContext $context ): array {
				return array( 'slots_taken' => ( $this->count )() );
			}
		};
	}

	public function test_the_rest_runner_waits_while_the_kick_slots_are_taken(): void {
		$job   = $this->enqueue( self::SLOT_PROBE );
		// Two kick runners at work (KickSlots keeps its slots in the options table, shared by every process).
		$kicks = new KickSlots();
		$slots = array( $kicks->acquire( 60 ), $kicks->acquire( 60 ) );
		$this->assertNotContains( null, $slots, 'both slots taken by two kick runners' );

		$busy = $this->rest( 'POST', '/iacp/v1/queue/run', array( 'time_limit' => 2 ) );

		$this->assertSame( 200, $busy->get_status(), 'not an error for a cron line' );
		$this->assertSame( 'busy', $busy->get_data()['stop_reason'] );
		$this->assertSame( 0, $busy->get_data()['processed'] );
		$this->assertSame( JobStatus::PENDING, $this->job( $job )->status );

		$kicks->release( (string) $slots[0] );
		$ran = $this->rest( 'POST', '/iacp/v1/queue/run', array( 'time_limit' => 2 ) );

		$this->assertSame( 1, $ran->get_data()['processed'] );
		$done = $this->job( $job );
		$this->assertSame( JobStatus::COMPLETED, $done->status );
		$this->assertSame( 2, $done->result['slots_taken'], 'the REST runner held a slot while it ran' );
		$this->assertSame( 1, $this->slots_taken(), 'and gave it back' );
	}

	public function test_the_kick_goes_over_https_when_the_site_has_it(): void {
		$host  = (string) wp_parse_url( get_option( 'siteurl' ), PHP_URL_HOST ) . ':' . (string) wp_parse_url( get_option( 'siteurl' ), PHP_URL_PORT );
		$https = static fn(): string => 'https://' . $host;
		add_filter( 'pre_option_siteurl', $https );
		$sent    = array();
		$capture = static function ( $pre, array $args, string $url ) use ( &$sent ) {
			$sent[] = array( $url, $args['body']['secret'] ?? null );
			return array( 'headers' => array(), 'body' => '', 'response' => array( 'code' => false, 'message' => false ), 'cookies' => array() );
		};
		add_filter( 'pre_http_request', $capture, 10, 3 );
		remove_filter( 'iacp_instant_kick', '__return_false' );
		iacp()->instant_kick()->reset_throttle();
		try {
			$this->assertFalse( is_ssl(), 'this request itself is plain http' );
			$this->assertTrue( iacp()->instant_kick()->kick() );
		} finally {
			remove_filter( 'pre_http_request', $capture );
			remove_filter( 'pre_option_siteurl', $https );
			iacp()->instant_kick()->reset_throttle();
		}

		$this->assertCount( 1, $sent );
		$this->assertSame( 'https://' . $host . '/wp-admin/admin-ajax.php', $sent[0][0] );
		$this->assertSame( iacp()->runner_secret()->get(), $sent[0][1] );
		$this->assertStringStartsWith( 'http://', iacp()->instant_kick()->url(), 'a plain-http site keeps plain http' );
	}
}
