<?php
/**
 * The site owner's AI switch (`wp_supports_ai()`, WordPress ≥ 7.0): while it is off, starting or retrying an AI job
 * is a 403 that stores nothing, the editor hides its AI controls, and a job queued before waits — the worker leaves
 * it alone — and completes once the switch is back on. On WordPress before 7.0 the switch does not exist: the same
 * filter changes nothing.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Security;

use IACP\Assets\EditorAssets;
use IACP\Jobs\JobStatus;
use IACP\Queue\RunnerBudget;
use IACP\Security\SiteAiSwitch;
use IACP\Tests\Providers\AiServerTestCase;

final class SiteAiSwitchTest extends AiServerTestCase {

	protected function setUp(): void {
		parent::setUp();
		add_filter( 'iacp_instant_kick', '__return_false' );
	}

	protected function tearDown(): void {
		remove_filter( 'wp_supports_ai', '__return_false' );
		remove_filter( 'iacp_instant_kick', '__return_false' );
		parent::tearDown();
	}

	public function test_with_ai_switched_off_no_ai_job_starts_and_the_editor_offers_none(): void {
		wp_set_current_user( $this->user( 'editor' ) );
		$assets = new EditorAssets( iacp()->asset_loader(), iacp()->job_access() );
		add_filter( 'wp_supports_ai', '__return_false' );

		$response = $this->start_text_job();
		$settings = $assets->settings();

		if ( ! function_exists( 'wp_supports_ai' ) ) {
			// WordPress before 7.0 has no switch: its filter means nothing here.
			$this->assertTrue( SiteAiSwitch::is_on() );
			$this->assertSame( 202, $response->get_status() );
			$this->assertTrue( $settings['canGenerateText'] );
			return;
		}
		$this->assertFalse( SiteAiSwitch::is_on() );
		$this->assertSame( 403, $response->get_status() );
		$this->assertSame( 'iacp_ai_disabled', $response->get_data()['code'] ?? null );
		$this->assertStringContainsString( 'turned off', (string) ( $response->get_data()['message'] ?? '' ) );
		$this->assertSame( 0, $this->count_jobs(), 'nothing was stored' );
		$this->assertSame( array( false, false ), array( $settings['canGenerateText'], $settings['canGenerateImages'] ) );
		$this->assertSame( 200, $this->rest( 'GET', '/iacp/v1/jobs' )->get_status(), 'the user still sees their jobs' );

		remove_filter( 'wp_supports_ai', '__return_false' );
		$this->assertSame( 202, $this->start_text_job()->get_status(), 'back on: jobs start again' );
	}

	public function test_a_job_queued_before_the_switch_went_off_waits_and_then_completes(): void {
		wp_set_current_user( $this->user( 'editor' ) );
		$started = $this->start_text_job();
		$this->assertSame( 202, $started->get_status() );
		$public_id = (string) $started->get_data()['id'];
		wp_set_current_user( 0 );

		add_filter( 'wp_supports_ai', '__return_false' );
		$this->run_worker();
		$after_off = iacp()->job_queue()->find( $public_id );
		remove_filter( 'wp_supports_ai', '__return_false' );

		if ( function_exists( 'wp_supports_ai' ) ) {
			$this->assertSame( JobStatus::PENDING, $after_off?->status, 'the worker left it queued' );
			$this->assertSame( 0, $after_off?->attempts );
			$this->assertSame( array(), $this->server_requests(), 'the AI was not asked' );
			$this->run_worker();
		}
		$this->assertSame( JobStatus::COMPLETED, iacp()->job_queue()->find( $public_id )?->status );
	}

	public function test_retrying_a_failed_ai_job_is_refused_while_the_switch_is_off(): void {
		if ( ! function_exists( 'wp_supports_ai' ) ) {
			$this->assertFalse( SiteAiSwitch::is_ai_type( 'test_noop' ), 'before 7.0 only the type list is there to check' );
			return;
		}
		$owner = $this->user( 'editor' );
		wp_set_current_user( $owner );
		$started = $this->start_text_job( 'Write about tides [[fault:400]]' );
		$this->assertSame( 202, $started->get_status() );
		$public_id = (string) $started->get_data()['id'];
		$this->run_worker();
		$this->assertSame( JobStatus::FAILED, iacp()->job_queue()->find( $public_id )?->status );

		wp_set_current_user( $owner );
		add_filter( 'wp_supports_ai', '__return_false' );
		$retry = $this->rest( 'POST', '/iacp/v1/jobs/' . $public_id . '/retry' );
		$this->assertSame( array( 403, 'iacp_ai_disabled' ), array( $retry->get_status(), $retry->get_data()['code'] ?? null ) );
		$this->assertSame( JobStatus::FAILED, iacp()->job_queue()->find( $public_id )?->status );
	}

	private function start_text_job( string $prompt = 'Write about tides' ): \WP_REST_Response {
		return $this->rest(
			'POST',
			'/iacp/v1/jobs',
			array(
				'type'  => 'text',
				'input' => array(
					'mode'   => 'generate',
					'prompt' => $prompt,
				),
			)
		);
	}

	private function run_worker(): void {
		iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 20, 0, 1, 0.0, 0.05, array( 'text' ) ) );
	}
}
