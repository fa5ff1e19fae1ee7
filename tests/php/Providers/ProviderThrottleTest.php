<?php
/**
 * The shared provider throttle: in-flight slots with leases, the per-minute window, and both limits holding across
 * four real worker processes talking to the test AI server.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Providers;

use IACP\Jobs\DeferJob;
use IACP\Jobs\RetryableJobError;
use IACP\Providers\ProviderThrottle;
use IACP\Settings\Settings;
use IACP\Tests\TestEnvironment;

final class ProviderThrottleTest extends AiServerTestCase {

	public function test_in_flight_slots_are_limited_and_freed_on_release(): void {
		$this->settings( array( 'provider_max_in_flight' => 2 ) );
		$throttle = new ProviderThrottle( new Settings() );

		$a = $throttle->acquire( 60 );
		$b = $throttle->acquire( 60 );
		$this->assertSame( 2, $throttle->in_flight() );
		try {
			$throttle->acquire( 60 );
			$this->fail( 'a third slot was granted' );
		} catch ( DeferJob $defer ) {
			$this->assertGreaterThanOrEqual( 1, $defer->seconds() );
			$this->assertLessThanOrEqual( 3, $defer->seconds() );
			$this->assertInstanceOf( RetryableJobError::class, $defer, 'an engine unaware of DeferJob still retries it' );
			$this->assertSame( 'deferred', $defer->error_code() );
		}
		$throttle->release( $a );
		$c = $throttle->acquire( 60 );
		$this->assertNotSame( $b, $c );
		$this->assertSame( 2, $throttle->in_flight() );
	}

	public function test_a_crashed_workers_slot_frees_itself_when_its_lease_ends(): void {
		$this->settings( array( 'provider_max_in_flight' => 1 ) );
		$throttle = new ProviderThrottle( new Settings() );
		$throttle->acquire( 1 ); // Never released: the worker "crashed".
		try {
			$throttle->acquire( 60 );
			$this->fail( 'slot granted while the lease is alive' );
		} catch ( DeferJob $defer ) {
			$this->addToAssertionCount( 1 );
		}
		usleep( 1_100_000 );
		$this->assertIsString( $throttle->acquire( 60 ) );
	}

	public function test_with_patience_a_job_in_hand_takes_the_slot_that_frees_instead_of_deferring(): void {
		$this->settings( array( 'provider_max_in_flight' => 1 ) );
		$throttle = new ProviderThrottle( new Settings() );
		$throttle->acquire( 1 ); // Held by another request whose slot frees in a second.

		$token = $throttle->acquire( 60, 3.0 );

		$this->assertIsString( $token, 'the slot that freed went to the job that waited' );
		$this->assertSame( 1, $throttle->in_flight() );
		try {
			$throttle->acquire( 60, 0.3 );
			$this->fail( 'a slot was granted while the only one is held' );
		} catch ( DeferJob $defer ) {
			$this->assertSame( 'deferred', $defer->error_code(), 'patience spent: the job goes back to pending' );
		}
	}

	public function test_patience_never_waits_out_the_requests_per_minute_limit(): void {
		$this->settings( array( 'provider_requests_per_minute' => 1 ) );
		$throttle = new ProviderThrottle( new Settings() );
		$throttle->release( $throttle->acquire( 60 ) );
		$began = microtime( true );
		try {
			$throttle->acquire( 60, 5.0 );
			$this->fail( 'a second request in the minute was allowed' );
		} catch ( DeferJob $defer ) {
			$this->assertGreaterThanOrEqual( 59, $defer->seconds() );
		}
		$this->assertLessThan( 2.0, microtime( true ) - $began, 'a minute-long wait is deferred at once, not slept through' );
	}

	public function test_a_slot_taken_on_a_retried_round_is_returned_not_lost_behind_an_earlier_rounds_defer(): void {
		global $wpdb;
		$this->settings( array( 'provider_max_in_flight' => 2 ) );
		$throttle = new ProviderThrottle( new Settings() );
		$throttle->acquire( 60 );
		$second = $throttle->acquire( 60 );
		// An expired slot in the stored state: the next round prunes it, so it writes even while the slots are full.
		$stored                         = json_decode( (string) $wpdb->get_var( $wpdb->prepare( "SELECT option_value FROM {$wpdb->options} WHERE option_name = %s", ProviderThrottle::OPTION ) ), true ); // phpcs:ignore
		$stored['slots']['expired-one'] = (int) floor( microtime( true ) * 1000 ) - 1000;
		$wpdb->update( $wpdb->options, array( 'option_value' => wp_json_encode( $stored ) ), array( 'option_name' => ProviderThrottle::OPTION ) ); // phpcs:ignore
		// That write loses: another worker releases its slot just before it lands, so the next round finds one free.
		$raced = false;
		$race  = static function ( string $query ) use ( &$raced, $throttle, $second ): string {
			if ( ! $raced && str_contains( $query, 'SET option_value' ) && str_contains( $query, ProviderThrottle::OPTION ) ) {
				$raced = true;
				$throttle->release( $second );
			}
			return $query;
		};
		add_filter( 'query', $race );
		try {
			$token = $throttle->acquire( 60 );
		} catch ( DeferJob $defer ) {
			$this->fail( 'deferred although the retried round took a slot (now held by no one): ' . $defer->getMessage() );
		} finally {
			remove_filter( 'query', $race );
		}

		$this->assertTrue( $raced, 'the race happened' );
		$this->assertIsString( $token );
		$this->assertSame( 2, $throttle->in_flight(), 'the first slot and the one just taken' );
	}

	public function test_requests_per_minute_defers_until_the_oldest_request_leaves_the_window(): void {
		$this->settings( array( 'provider_requests_per_minute' => 3 ) );
		$throttle = new ProviderThrottle( new Settings() );
		for ( $i = 0; $i < 3; $i++ ) {
			$throttle->release( $throttle->acquire( 60 ) );
		}
		try {
			$throttle->acquire( 60 );
			$this->fail( 'a fourth request in the minute was allowed' );
		} catch ( DeferJob $defer ) {
			$this->assertGreaterThanOrEqual( 59, $defer->seconds() );
			$this->assertLessThanOrEqual( 62, $defer->seconds() );
		}
	}

	public function test_four_workers_never_exceed_the_in_flight_limit_at_the_provider(): void {
		$this->settings(
			array(
				'provider_max_in_flight'       => 2,
				'provider_requests_per_minute' => 1000,
			)
		);
		$wp_path = TestEnvironment::load( 'IACP_ENV_FILE', 'test' )['wp_path'];
		$script  = __DIR__ . '/scripts/throttled-worker.php';
		$procs   = array();
		for ( $i = 0; $i < 4; $i++ ) {
			$pipes   = array();
			$procs[] = array(
				proc_open( array( PHP_BINARY, $script, $wp_path, '3', "Worker {$i} says hello [[latency:250]]" ), array( 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ), $pipes ),
				$pipes,
			);
		}
		$done     = 0;
		$deferred = 0;
		foreach ( $procs as [ $proc, $pipes ] ) {
			$out = (string) stream_get_contents( $pipes[1] );
			$err = (string) stream_get_contents( $pipes[2] );
			proc_close( $proc );
			$summary = json_decode( $out, true );
			$this->assertIsArray( $summary, $out . $err );
			$done     += (int) $summary['done'];
			$deferred += (int) $summary['deferred'];
		}
		$this->assertSame( 12, $done, 'every worker finished its requests' );
		$this->assertSame( 0, $deferred, 'slots free within a quarter second: each worker waited for one instead of sending its job back' );

		// Overlap of [arrival, arrival + duration] intervals at the server.
		$events = array();
		foreach ( $this->server_requests() as $entry ) {
			$start    = (float) strtotime( (string) $entry['time'] ) + ( (float) substr( (string) $entry['time'], 20, 3 ) / 1000 );
			$events[] = array( $start, 1 );
			$events[] = array( $start + (float) $entry['durationMs'] / 1000, -1 );
		}
		usort( $events, static fn( array $a, array $b ): int => $a[0] <=> $b[0] ?: $a[1] <=> $b[1] );
		$now = 0;
		$max = 0;
		foreach ( $events as $event ) {
			$now += $event[1];
			$max  = max( $max, $now );
		}
		$this->assertCount( 24, $events );
		$this->assertSame( 2, $max, 'at most two requests were at the provider at once, and two were' );
		$this->assertSame( 0, ( new ProviderThrottle( new Settings() ) )->in_flight(), 'every slot was released' );
	}

	public function test_four_workers_respect_requests_per_minute(): void {
		$this->settings(
			array(
				'provider_max_in_flight'       => 10,
				'provider_requests_per_minute' => 5,
			)
		);
		$wp_path = TestEnvironment::load( 'IACP_ENV_FILE', 'test' )['wp_path'];
		$procs   = array();
		for ( $i = 0; $i < 4; $i++ ) {
			$pipes   = array();
			$procs[] = array( proc_open( array( PHP_BINARY, __DIR__ . '/scripts/throttled-worker.php', $wp_path, '1', "Rate {$i}" ), array( 1 => array( 'pipe', 'w' ), 2 => array( 'pipe', 'w' ) ), $pipes ), $pipes );
		}
		foreach ( $procs as [ $proc, $pipes ] ) {
			stream_get_contents( $pipes[1] );
			proc_close( $proc );
		}
		$throttle = new ProviderThrottle( new Settings() );
		$throttle->release( $throttle->acquire( 60 ) ); // The fifth request in this minute.
		$this->expectException( DeferJob::class );
		$throttle->acquire( 60 );
	}
}
