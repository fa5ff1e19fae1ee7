<?php
/**
 * The `post_field` job type: applies the AI value only while the field still holds its original value; a newer
 * human edit wins, and a failure leaves the original in place.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\JobTypes;

use IACP\Jobs\PermanentJobError;
use IACP\JobTypes\PostFieldJobHandler;
use IACP\Settings\Settings;
use IACP\Tests\Providers\AiServerTestCase;

final class PostFieldJobHandlerTest extends AiServerTestCase {

	private function handler(): PostFieldJobHandler {
		return new PostFieldJobHandler( iacp()->ai_provider(), new Settings() );
	}

	/**
	 * @param array<string, mixed> $input Input.
	 * @return array<string, mixed>|\WP_Error
	 */
	private function enqueue_input( array $input, int $post_id ): array|\WP_Error {
		// What the queue does at enqueue time (the type's PreparesInput step).
		return $this->handler()->prepare_input( $input, $post_id );
	}

	public function test_the_title_is_replaced_when_nobody_edited_it(): void {
		$post    = $this->post( $this->user( 'editor' ), array( 'post_title' => 'My first title' ) );
		$input   = $this->enqueue_input( array( 'field' => 'title', 'instruction' => 'Make it catchier please' ), $post );
		$context = new InMemoryJobContext();
		$this->assertSame( 'My first title', $input['original'], 'captured at enqueue' );

		$result = $this->handler()->handle( InMemoryJobContext::job( 'post_field', $input, $post ), $context );

		$this->assertTrue( $result['applied'] );
		$this->assertStringStartsWith( '"Make it catchier please Current value:"', $result['suggestion'] );
		clean_post_cache( $post );
		$this->assertSame( $result['suggestion'], get_post( $post )->post_title );
		$this->assertGreaterThan( 0, $context->prompt_tokens );
		$this->assertGreaterThan( 0, $context->completion_tokens );
	}

	public function test_a_newer_human_edit_is_kept_and_the_suggestion_returned(): void {
		$post  = $this->post( $this->user( 'editor' ), array( 'post_excerpt' => 'Original excerpt' ) );
		$input = $this->enqueue_input( array( 'field' => 'excerpt', 'instruction' => 'Shorter' ), $post );
		wp_update_post( array( 'ID' => $post, 'post_excerpt' => 'Human edit while the job waited' ) );

		$result = $this->handler()->handle( InMemoryJobContext::job( 'post_field', $input, $post ), new InMemoryJobContext() );

		$this->assertFalse( $result['applied'] );
		$this->assertSame( 'newer_edit', $result['reason'] );
		$this->assertNotSame( '', $result['suggestion'] );
		clean_post_cache( $post );
		$this->assertSame( 'Human edit while the job waited', get_post( $post )->post_excerpt );
	}

	public function test_a_human_edit_during_the_ai_call_is_kept(): void {
		$post  = $this->post( $this->user( 'editor' ), array( 'post_title' => 'Before' ) );
		$input = $this->enqueue_input( array( 'field' => 'title', 'instruction' => 'Better' ), $post );
		$edit  = static function () use ( $post ): void {
			global $wpdb;
			$wpdb->update( $wpdb->posts, array( 'post_title' => 'Typed meanwhile' ), array( 'ID' => $post ) ); // Another process.
		};
		add_action( 'http_api_debug', $edit );
		try {
			$result = $this->handler()->handle( InMemoryJobContext::job( 'post_field', $input, $post ), new InMemoryJobContext() );
		} finally {
			remove_action( 'http_api_debug', $edit );
		}
		$this->assertFalse( $result['applied'] );
		clean_post_cache( $post );
		$this->assertSame( 'Typed meanwhile', get_post( $post )->post_title );
	}

	public function test_on_failure_the_original_stays(): void {
		$post = $this->post( $this->user( 'editor' ), array( 'post_title' => 'Keep me' ) );
		$this->settings( array( 'text_model' => 'fault-401' ) );
		try {
			$this->handler()->handle( InMemoryJobContext::job( 'post_field', $this->enqueue_input( array( 'field' => 'title', 'instruction' => 'x' ), $post ), $post ), new InMemoryJobContext() );
			$this->fail( 'no error' );
		} catch ( PermanentJobError $error ) {
			$this->assertSame( 'provider_auth', $error->error_code() );
		}
		clean_post_cache( $post );
		$this->assertSame( 'Keep me', get_post( $post )->post_title );
	}

	public function test_meta_keys_must_be_opted_in_registered_for_rest_and_use_compare_and_set(): void {
		$post = $this->post( $this->user( 'editor' ) );
		update_post_meta( $post, 'seo_description', 'Old description' );
		$input = array( 'field' => 'meta:seo_description', 'instruction' => 'Improve it' );
		try {
			$this->handler()->handle( InMemoryJobContext::job( 'post_field', $input, $post ), new InMemoryJobContext() );
			$this->fail( 'a key outside the allowlist was written' );
		} catch ( PermanentJobError $error ) {
			$this->assertSame( 'field_not_allowed', $error->error_code() );
		}

		$allow = static fn(): array => array( 'seo_description' );
		add_filter( 'iacp_post_field_meta_keys', $allow );
		try {
			$refused = $this->enqueue_input( $input, $post );
			$this->assertInstanceOf( \WP_Error::class, $refused, 'opted in but not registered for REST: refused when queued' );
			$this->assertSame( 'input.field', $refused->get_error_data()['field'] );

			register_post_meta(
				'post',
				'seo_description',
				array(
					'type'         => 'string',
					'single'       => true,
					'show_in_rest' => true,
				)
			);
			$queued = $this->enqueue_input( $input, $post );
			$this->assertIsArray( $queued );
			$this->assertSame( 'Old description', $queued['original'] );
			$result = $this->handler()->handle( InMemoryJobContext::job( 'post_field', $queued, $post ), new InMemoryJobContext() );
			$this->assertTrue( $result['applied'] );
			$this->assertSame( $result['suggestion'], get_post_meta( $post, 'seo_description', true ) );
		} finally {
			remove_filter( 'iacp_post_field_meta_keys', $allow );
			unregister_post_meta( 'post', 'seo_description' );
		}
	}

	public function test_fields_the_post_type_does_not_support_are_refused_when_queued(): void {
		$page    = $this->post( $this->user( 'editor' ), array( 'post_type' => 'page' ) );
		$refused = $this->enqueue_input( array( 'field' => 'excerpt' ), $page );

		$this->assertInstanceOf( \WP_Error::class, $refused, 'pages have no excerpt' );
		$this->assertSame( 'iacp_field_not_refinable', $refused->get_error_code() );
		$this->assertSame( 400, $refused->get_error_data()['status'] );
		$this->assertIsArray( $this->enqueue_input( array( 'field' => 'title' ), $page ), 'pages have a title' );
	}

	public function test_a_protected_meta_key_needs_its_own_edit_permission(): void {
		$editor = $this->user( 'editor' );
		$post   = $this->post( $editor );
		$allow  = static fn(): array => array( '_private_summary' );
		add_filter( 'iacp_post_field_meta_keys', $allow );
		register_post_meta(
			'post',
			'_private_summary',
			array(
				'type'         => 'string',
				'single'       => true,
				'show_in_rest' => true,
			)
		);
		try {
			wp_set_current_user( $editor );
			$refused = $this->enqueue_input( array( 'field' => 'meta:_private_summary' ), $post );
			$this->assertInstanceOf( \WP_Error::class, $refused, 'a protected key without an auth_callback stays closed' );
			$this->assertSame( 'iacp_forbidden_field', $refused->get_error_code() );
		} finally {
			remove_filter( 'iacp_post_field_meta_keys', $allow );
			unregister_post_meta( 'post', '_private_summary' );
		}
	}

	public function test_the_editor_is_offered_the_refinable_fields_of_each_post_type(): void {
		$allow = static fn(): array => array( 'seo_description', 'not_registered' );
		add_filter( 'iacp_post_field_meta_keys', $allow );
		register_post_meta(
			'post',
			'seo_description',
			array(
				'type'         => 'string',
				'single'       => true,
				'show_in_rest' => true,
				'description'  => 'SEO description',
			)
		);
		try {
			$fields = new \IACP\JobTypes\PostFields();
			$this->assertSame( array( 'title', 'excerpt', 'meta:seo_description' ), array_column( $fields->for_post_type( 'post' ), 'field' ) );
			$this->assertSame( 'SEO description', $fields->for_post_type( 'post' )[2]['label'] );
			$this->assertSame( array( 'title' ), array_column( $fields->for_post_type( 'page' ), 'field' ), 'pages: no excerpt, and the meta is registered for posts only' );
		} finally {
			remove_filter( 'iacp_post_field_meta_keys', $allow );
			unregister_post_meta( 'post', 'seo_description' );
		}
	}

	public function test_without_an_enqueue_snapshot_the_first_attempt_checkpoints_the_original(): void {
		$post    = $this->post( $this->user( 'editor' ), array( 'post_title' => 'Read at first attempt' ) );
		$context = new InMemoryJobContext();
		$this->settings( array( 'text_model' => 'fault-503' ) );
		try {
			$this->handler()->handle( InMemoryJobContext::job( 'post_field', array( 'field' => 'title', 'instruction' => 'x' ), $post ), $context );
		} catch ( \IACP\Jobs\RetryableJobError $error ) {
			$this->assertSame( 'provider_unavailable', $error->error_code() );
		}
		$this->assertSame( 'Read at first attempt', $context->result['original'] );

		// A human edits before attempt 2: the checkpointed original makes it a newer edit.
		wp_update_post( array( 'ID' => $post, 'post_title' => 'Edited' ) );
		$this->settings( array( 'text_model' => 'iacp-text-1' ) );
		$result = $this->handler()->handle( InMemoryJobContext::job( 'post_field', array( 'field' => 'title', 'instruction' => 'x' ), $post, $context->result, 2 ), new InMemoryJobContext( 2, $context->result ) );
		$this->assertFalse( $result['applied'] );
		$this->assertSame( 'Edited', get_post( $post )->post_title );
	}

	public function test_a_job_without_a_post_fails_permanently(): void {
		$this->expectException( PermanentJobError::class );
		$this->handler()->handle( InMemoryJobContext::job( 'post_field', array( 'field' => 'title', 'instruction' => 'x' ) ), new InMemoryJobContext() );
	}
}
