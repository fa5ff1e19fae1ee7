<?php
/**
 * GET /iacp/v1/queue (health for the Jobs screen, with the stall in figures), POST /iacp/v1/settings/test-connection
 * (what it tried and what came back) and GET /iacp/v1/settings/models (the model pickers).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\REST;

use IACP\Queue\RunnerLastSeen;
use IACP\Tests\Providers\AiServerTestCase;
use IACP\Tests\RestTestJobTypes;

final class QueueAndSettingsRouteTest extends AiServerTestCase {

	public function test_queue_health_has_counts_rates_runner_and_24_hourly_buckets(): void {
		RestTestJobTypes::ensure_registered();
		wp_set_current_user( $this->user( 'administrator' ) );
		$this->rest(
			'POST',
			'/iacp/v1/jobs',
			array(
				'type'  => RestTestJobTypes::TEXT,
				'input' => array( 'prompt' => 'waiting' ),
			)
		);

		$health = $this->rest( 'GET', '/iacp/v1/queue' )->get_data();

		$this->assertSame( 1, $health['counts']['pending'] );
		$this->assertArrayHasKey( 'oldest_pending_age', $health );
		$this->assertIsBool( $health['cron_disabled'] );
		$this->assertIsBool( $health['loopback_ok'] );
		$this->assertTrue( $health['loopback_ok'], 'the test site can reach itself' );
		$this->assertCount( 24, $health['hourly'] );
		$last = end( $health['hourly'] );
		$this->assertSame( gmdate( 'c', (int) ( floor( time() / HOUR_IN_SECONDS ) * HOUR_IN_SECONDS ) ), $last['hour'], 'the last bucket is this hour' );
		$this->assertSame( array( 'hour', 'completed', 'failed' ), array_keys( $last ) );
	}

	public function test_hourly_buckets_count_finished_jobs_by_the_hour_they_finished(): void {
		global $wpdb;
		RestTestJobTypes::ensure_registered();
		wp_set_current_user( $this->user( 'administrator' ) );
		$ids = array();
		foreach ( array( 'a', 'b', 'c' ) as $prompt ) {
			$ids[] = $this->rest(
				'POST',
				'/iacp/v1/jobs',
				array(
					'type'  => RestTestJobTypes::TEXT,
					'input' => array( 'prompt' => $prompt ),
				)
			)->get_data()['id'];
		}
		$two_hours_ago = time() - 2 * HOUR_IN_SECONDS;
		$wpdb->update( $this->jobs_table(), array( 'status' => 'completed', 'finished_at' => $two_hours_ago ), array( 'public_id' => $ids[0] ) );
		$wpdb->update( $this->jobs_table(), array( 'status' => 'failed', 'finished_at' => $two_hours_ago ), array( 'public_id' => $ids[1] ) );
		$wpdb->update( $this->jobs_table(), array( 'status' => 'completed', 'finished_at' => time() ), array( 'public_id' => $ids[2] ) );

		$hourly = $this->rest( 'GET', '/iacp/v1/queue' )->get_data()['hourly'];

		$this->assertSame( array( 'completed' => 1, 'failed' => 1 ), array_slice( $hourly[21], 1 ), 'two hours ago' );
		$this->assertSame( array( 'completed' => 1, 'failed' => 0 ), array_slice( $hourly[23], 1 ), 'this hour' );
		$this->assertSame( 3, array_sum( array_map( static fn( array $bucket ): int => $bucket['completed'] + $bucket['failed'], $hourly ) ) );
	}

	public function test_test_connection_lists_the_providers_models(): void {
		wp_set_current_user( $this->user( 'administrator' ) );

		$answer = $this->rest( 'POST', '/iacp/v1/settings/test-connection' );

		$this->assertSame( 200, $answer->get_status() );
		$this->assertTrue( $answer->get_data()['ok'], (string) wp_json_encode( $answer->get_data() ) );
		$this->assertContains( 'iacp-text-1', $answer->get_data()['models'] );
	}

	public function test_test_connection_tries_an_unsaved_url_and_reports_failure_in_words(): void {
		wp_set_current_user( $this->user( 'administrator' ) );
		$saved = get_option( 'iacp_settings' );

		// Another origin is tested with the key sent along (the saved key only goes to the saved origin).
		$answer = $this->rest( 'POST', '/iacp/v1/settings/test-connection', array( 'provider_base_url' => 'http://127.0.0.1:9/v1', 'api_key' => 'sk-for-this-test' ) );

		$this->assertSame( 200, $answer->get_status() );
		$this->assertFalse( $answer->get_data()['ok'] );
		$this->assertSame( 'provider_unavailable', $answer->get_data()['error']['code'] );
		$this->assertNotSame( '', $answer->get_data()['error']['message'] );
		$this->assertSame( $saved, get_option( 'iacp_settings' ), 'testing saves nothing' );
	}

	public function test_test_connection_is_for_managers_only(): void {
		wp_set_current_user( $this->user( 'editor' ) );
		$this->assertSame( 403, $this->rest( 'POST', '/iacp/v1/settings/test-connection' )->get_status() );
		wp_set_current_user( 0 );
		$this->assertSame( 401, $this->rest( 'POST', '/iacp/v1/settings/test-connection' )->get_status() );
	}

	public function test_queue_health_says_why_jobs_wait_when_no_runner_comes(): void {
		global $wpdb;
		RestTestJobTypes::ensure_registered();
		wp_set_current_user( $this->user( 'administrator' ) );
		$id = $this->rest(
			'POST',
			'/iacp/v1/jobs',
			array(
				'type'  => RestTestJobTypes::TEXT,
				'input' => array( 'prompt' => 'stuck' ),
			)
		)->get_data()['id'];
		// Pinned: the real site's WP-Cron may record a visit at any moment.
		$seen = array(
			'time'   => time() - 720,
			'source' => 'cron',
		);
		$pin  = static fn() => $seen;
		add_filter( 'pre_option_' . RunnerLastSeen::OPTION, $pin );
		try {
			$this->assertNull( $this->rest( 'GET', '/iacp/v1/queue' )->get_data()['stall'], 'a job queued a moment ago is no stall' );

			$wpdb->update( $this->jobs_table(), array( 'created_at' => time() - 900 ), array( 'public_id' => $id ) );
			$stall = $this->rest( 'GET', '/iacp/v1/queue' )->get_data()['stall'];

			$this->assertSame( 'no_runner', $stall['code'], 'the loopback works here, so nothing ran the queue' );
			$this->assertGreaterThanOrEqual( 900, $stall['waiting_seconds'] );
			$this->assertEqualsWithDelta( 720, $stall['runner_seen_seconds_ago'], 5 );
		} finally {
			remove_filter( 'pre_option_' . RunnerLastSeen::OPTION, $pin );
		}
	}

	public function test_test_connection_says_what_it_tried_and_what_came_back(): void {
		wp_set_current_user( $this->user( 'administrator' ) );

		$worked = $this->rest( 'POST', '/iacp/v1/settings/test-connection' )->get_data();
		$this->assertSame(
			array(
				'method' => 'GET',
				'url'    => self::ai_url() . '/models',
				'key'    => 'saved',
			),
			$worked['tried']
		);
		$this->assertSame( 200, $worked['answer']['status'] );
		$this->assertGreaterThanOrEqual( 0, $worked['answer']['elapsed_ms'] );

		// Without a key the test AI server answers 401, as real providers do.
		( new \IACP\Settings\ApiKeyStore() )->save( '' );
		$refused = $this->rest( 'POST', '/iacp/v1/settings/test-connection' )->get_data();
		$this->assertFalse( $refused['ok'] );
		$this->assertSame( 'none', $refused['tried']['key'] );
		$this->assertSame( 401, $refused['answer']['status'], 'what the provider answered, as a number' );
		$this->assertSame( 'provider_auth', $refused['error']['code'] );

		$unreachable = $this->rest( 'POST', '/iacp/v1/settings/test-connection', array( 'provider_base_url' => 'http://127.0.0.1:9/v1', 'api_key' => 'k' ) )->get_data();
		$this->assertNull( $unreachable['answer']['status'], 'no answer at all' );
		$this->assertSame( 'http://127.0.0.1:9/v1/models', $unreachable['tried']['url'] );
	}

	public function test_the_models_route_lists_the_saved_providers_models_for_managers(): void {
		wp_set_current_user( $this->user( 'administrator' ) );
		$answer = $this->rest( 'GET', '/iacp/v1/settings/models' );
		$this->assertSame( 200, $answer->get_status() );
		$this->assertSame( array( 'iacp-image-1', 'iacp-text-1', 'iacp-text-2', 'iacp-vision-1' ), $answer->get_data()['models'] );
		$this->assertNull( $answer->get_data()['error'] );

		$this->settings( array( 'provider_base_url' => 'http://127.0.0.1:9/v1' ) );
		$none = $this->rest( 'GET', '/iacp/v1/settings/models' )->get_data();
		$this->assertSame( array(), $none['models'], 'nothing listed: the fields stay free text' );
		$this->assertSame( 'provider_unavailable', $none['error']['code'] );

		wp_set_current_user( $this->user( 'editor' ) );
		$this->assertSame( 403, $this->rest( 'GET', '/iacp/v1/settings/models' )->get_status() );
	}
}
