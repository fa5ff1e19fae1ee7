<?php
/**
 * Jobs as Abilities, through core's own REST routes (wp-abilities/v1, WordPress ≥ 6.9): listed public for MCP,
 * started, read and cancelled by their owner, "not found" (404) for another author, 403 for a type the user may
 * not start, 401 logged out, and 400 naming the field for input the job type refuses — nothing stored on any
 * refusal. Before 6.9 none of this exists and the plugin registers nothing.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Abilities;

use IACP\Abilities\JobAbilities;
use IACP\Jobs\JobStatus;
use IACP\Settings\Settings;
use IACP\Tests\IntegrationTestCase;

final class JobAbilitiesTest extends IntegrationTestCase {

	private const RUN = '/wp-abilities/v1/abilities/%s/run';

	/** @var mixed Settings before the test. */
	private mixed $saved_settings;

	protected function setUp(): void {
		parent::setUp();
		$this->saved_settings = get_option( Settings::OPTION );
		( new Settings() )->update( array( 'image_model' => 'gpt-image-1' ) );
		add_filter( 'iacp_instant_kick', '__return_false' );
	}

	protected function tearDown(): void {
		remove_filter( 'iacp_instant_kick', '__return_false' );
		update_option( Settings::OPTION, $this->saved_settings, false );
		parent::tearDown();
	}

	public function test_the_abilities_are_listed_in_their_category_and_public_for_mcp(): void {
		wp_set_current_user( $this->user( 'author' ) );
		if ( ! function_exists( 'wp_register_ability' ) ) {
			$this->assertSame( 404, $this->rest( 'GET', '/wp-abilities/v1/abilities' )->get_status(), 'no Abilities API before 6.9' );
			return;
		}
		$names = array_merge( array( 'iacp/start-job', 'iacp/get-job', 'iacp/cancel-job' ), array_values( JobAbilities::TYPE_ABILITIES ) );
		foreach ( $names as $name ) {
			$ability = $this->rest( 'GET', '/wp-abilities/v1/abilities/' . $name );
			$this->assertSame( 200, $ability->get_status(), $name );
			$this->assertSame( 'iacp', $ability->get_data()['category'] ?? null, $name );
			$this->assertTrue( $ability->get_data()['meta']['mcp']['public'] ?? null, $name . ' is public for MCP' );
		}
		$this->assertTrue( wp_get_ability( 'iacp/get-job' )?->get_meta_item( 'annotations' )['readonly'] ?? null, 'reading a job changes nothing' );
	}

	public function test_the_owner_starts_reads_and_cancels_a_job_and_another_author_finds_none(): void {
		if ( ! function_exists( 'wp_register_ability' ) ) {
			$this->assertFalse( has_action( 'wp_abilities_api_init' ), 'nothing hooked before 6.9' );
			return;
		}
		$owner = $this->user( 'author' );
		wp_set_current_user( $owner );
		$started = $this->run_ability(
			'iacp/generate-text',
			array(
				'input' => array(
					'mode'   => 'summarize',
					'text'   => 'The harbour was busy all morning.',
				),
			)
		);
		$this->assertSame( 200, $started->get_status(), (string) wp_json_encode( $started->get_data() ) );
		$id = (string) ( $started->get_data()['id'] ?? '' );
		$this->assertTrue( wp_is_uuid( $id ) );
		$this->assertSame( JobStatus::PENDING, $started->get_data()['status'] );
		$this->assertIsInt( $started->get_data()['poll_after_ms'], 'a poll hint' );
		$this->assertSame( 'text', iacp()->job_queue()->find( $id )?->type );
		$this->assertSame( $owner, iacp()->job_queue()->find( $id )?->user_id );

		$read = $this->rest( 'GET', sprintf( self::RUN, 'iacp/get-job' ), array( 'input' => array( 'id' => $id ) ) );
		$this->assertSame( array( 200, $id, JobStatus::PENDING ), array( $read->get_status(), $read->get_data()['id'] ?? null, $read->get_data()['status'] ?? null ) );

		wp_set_current_user( $this->user( 'author' ) );
		$theirs = $this->rest( 'GET', sprintf( self::RUN, 'iacp/get-job' ), array( 'input' => array( 'id' => $id ) ) );
		$this->assertSame( array( 404, 'iacp_job_not_found' ), array( $theirs->get_status(), $theirs->get_data()['code'] ?? null ) );
		$cancel_theirs = $this->run_ability( 'iacp/cancel-job', array( 'id' => $id ) );
		$this->assertSame( 404, $cancel_theirs->get_status() );
		$this->assertSame( JobStatus::PENDING, iacp()->job_queue()->find( $id )?->status, 'another author cannot cancel it' );

		wp_set_current_user( $owner );
		$cancelled = $this->run_ability( 'iacp/cancel-job', array( 'id' => $id ) );
		$this->assertSame( array( 200, JobStatus::CANCELLED ), array( $cancelled->get_status(), $cancelled->get_data()['status'] ?? null ) );
	}

	public function test_refusals_answer_as_the_rest_api_does_and_store_nothing(): void {
		if ( ! function_exists( 'wp_register_ability' ) ) {
			wp_set_current_user( $this->user( 'author' ) );
			$this->assertSame( 404, $this->run_ability( 'iacp/start-job', array() )->get_status(), 'no abilities route before 6.9' );
			return;
		}
		$image = array(
			'input' => array(
				'prompt' => 'A kite',
				'size'   => '1024x1024',
			),
		);

		$logged_out = $this->run_ability( 'iacp/start-job', array( 'type' => 'image' ) + $image );
		$this->assertSame( 401, $logged_out->get_status() );

		wp_set_current_user( $this->user( 'contributor' ) );
		$not_allowed = $this->run_ability( 'iacp/generate-image', $image );
		$this->assertSame( array( 403, 'iacp_forbidden_job_type' ), array( $not_allowed->get_status(), $not_allowed->get_data()['code'] ?? null ) );

		wp_set_current_user( $this->user( 'author' ) );
		$too_small = $this->run_ability( 'iacp/start-job', array( 'type' => 'image', 'input' => array( 'prompt' => 'A kite', 'size' => '512x512' ) ) );
		$this->assertSame( 400, $too_small->get_status() );
		$this->assertSame( 'size', $too_small->get_data()['data']['field'] ?? null, 'gpt-image-1 makes no 512x512 images' );

		$other_post = $this->post( $this->user( 'author' ) );
		$not_theirs = $this->run_ability( 'iacp/generate-image', $image + array( 'post_id' => $other_post ) );
		$this->assertSame( array( 403, 'iacp_forbidden_post' ), array( $not_theirs->get_status(), $not_theirs->get_data()['code'] ?? null ) );

		$this->assertSame( 0, $this->count_jobs(), 'no refused job was stored' );
		$this->assertSame( 200, $this->run_ability( 'iacp/generate-image', $image )->get_status(), 'the same input is fine for an author' );
	}

	/**
	 * @param array<string, mixed> $input The ability's input.
	 */
	private function run_ability( string $name, array $input ): \WP_REST_Response {
		return $this->rest( 'POST', sprintf( self::RUN, $name ), array( 'input' => $input ) );
	}
}
