<?php
/**
 * Enqueue (validation, options, idempotency) and a caller's cancel, retry and delete.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

use IACP\Jobs\JobStatus;

final class JobQueueTest extends QueueTestCase {

	private function stored(): int {
		global $wpdb;
		return (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . $this->jobs_table() ); // phpcs:ignore
	}

	public function test_enqueue_stores_a_pending_job_with_defaults(): void {
		$user = $this->user( 'editor' );
		wp_set_current_user( $user );
		$before = time();
		$job    = $this->enqueue( 'test_sleep', array( 'ms' => 10 ) );

		$this->assertTrue( wp_is_uuid( $job->public_id, 4 ) );
		$this->assertSame( JobStatus::PENDING, $job->status );
		$this->assertSame( $user, $job->user_id );
		$this->assertSame( 10, $job->priority );
		$this->assertSame( 3, $job->max_attempts, "the handler's default attempts" );
		$this->assertSame( 0, $job->attempts );
		$this->assertSame( array( 'ms' => 10 ), $job->input, 'input as validated' );
		$this->assertGreaterThanOrEqual( $before, $job->available_at );
		$this->assertSame( 900, $job->expires_at - $job->available_at, 'pending_ttl_seconds default' );
	}

	public function test_options_are_applied(): void {
		$author = $this->user( 'author' );
		$post   = $this->post( $author );
		$job    = $this->enqueue(
			'test_noop',
			array(),
			array(
				'user_id'      => $author,
				'post_id'      => $post,
				'priority'     => -5,
				'delay'        => 30,
				'max_attempts' => 7,
				'ttl'          => 120,
			)
		);
		$this->assertSame( $author, $job->user_id );
		$this->assertSame( $post, $job->post_id );
		$this->assertSame( -5, $job->priority );
		$this->assertSame( 7, $job->max_attempts );
		$this->assertGreaterThanOrEqual( time() + 29, $job->available_at );
		$this->assertSame( $job->available_at + 120, $job->expires_at );
	}

	public function test_unknown_type_is_refused_and_nothing_stored(): void {
		$error = iacp()->job_queue()->enqueue( 'no_such_type', array() );
		$this->assertWPErrorWith( $error, 'iacp_unknown_job_type', 400, 'type' );
		$this->assertSame( 0, $this->stored() );
	}

	/**
	 * @return array<string, array{ array<string, mixed>, string }>
	 */
	public function bad_inputs(): array {
		return array(
			'missing required' => array( array(), 'ms' ),
			'wrong type'       => array( array( 'ms' => 'soon' ), 'ms' ),
			'out of range'     => array( array( 'ms' => -1 ), 'ms' ),
			'second field'     => array( array( 'ms' => 5, 'step_ms' => 0 ), 'step_ms' ),
			'unknown field'    => array( array( 'ms' => 5, 'colour' => 'red' ), 'colour' ),
		);
	}

	/**
	 * @dataProvider bad_inputs
	 * @param array<string, mixed> $input Input.
	 */
	public function test_input_failing_the_schema_names_the_field_and_stores_nothing( array $input, string $field ): void {
		$error = iacp()->job_queue()->enqueue( 'test_sleep', $input );
		$this->assertWPErrorWith( $error, 'iacp_invalid_input', 400, $field );
		$this->assertSame( 0, $this->stored() );
	}

	/**
	 * @return array<string, array{ array<string, mixed>, string }>
	 */
	public function bad_options(): array {
		return array(
			'unknown option'       => array( array( 'colour' => 1 ), 'colour' ),
			'priority too low'     => array( array( 'priority' => -101 ), 'priority' ),
			'priority not int'     => array( array( 'priority' => 'high' ), 'priority' ),
			'negative delay'       => array( array( 'delay' => -1 ), 'delay' ),
			'zero attempts'        => array( array( 'max_attempts' => 0 ), 'max_attempts' ),
			'too many attempts'    => array( array( 'max_attempts' => 21 ), 'max_attempts' ),
			'ttl too short'        => array( array( 'ttl' => 1 ), 'ttl' ),
			'empty key'            => array( array( 'idempotency_key' => '' ), 'idempotency_key' ),
			'key too long'         => array( array( 'idempotency_key' => str_repeat( 'k', 192 ) ), 'idempotency_key' ),
			'unknown user'         => array( array( 'user_id' => 99999999 ), 'user_id' ),
			'unknown post'         => array( array( 'post_id' => 99999999 ), 'post_id' ),
			'post id not positive' => array( array( 'post_id' => 0 ), 'post_id' ),
		);
	}

	/**
	 * @dataProvider bad_options
	 * @param array<string, mixed> $options Options.
	 */
	public function test_bad_options_name_the_option_and_store_nothing( array $options, string $field ): void {
		$error = iacp()->job_queue()->enqueue( 'test_noop', array(), $options );
		$this->assertWPErrorWith( $error, 'iacp_invalid_option', 400, $field );
		$this->assertSame( 0, $this->stored() );
	}

	public function test_same_idempotency_key_returns_the_same_job(): void {
		$user   = $this->user( 'author' );
		$first  = iacp()->job_queue()->enqueue( 'test_noop', array( 'value' => 'a' ), array( 'user_id' => $user, 'idempotency_key' => 'k-1' ) );
		$second = iacp()->job_queue()->enqueue( 'test_noop', array( 'value' => 'b' ), array( 'user_id' => $user, 'idempotency_key' => 'k-1' ) );
		$other  = iacp()->job_queue()->enqueue( 'test_noop', array(), array( 'user_id' => $this->user( 'author' ), 'idempotency_key' => 'k-1' ) );
		$this->assertNotWPError( $first );
		$this->assertNotWPError( $second );
		$this->assertNotWPError( $other );
		$this->assertTrue( $first->created );
		$this->assertFalse( $second->created );
		$this->assertSame( $first->job->public_id, $second->job->public_id );
		$this->assertTrue( $other->created, 'keys are per user' );
		$this->assertSame( 2, $this->stored() );
	}

	public function test_text_longer_than_the_setting_is_refused_for_every_caller_naming_the_field(): void {
		$max   = iacp()->queue_config()->max_prompt_chars();
		$error = iacp()->job_queue()->enqueue( 'test_noop', array( 'value' => str_repeat( 'x', $max + 1 ) ) );
		$this->assertWPErrorWith( $error, 'iacp_prompt_too_long', 400, 'input.value' );
		$this->assertInstanceOf( \WP_Error::class, iacp_enqueue_job( 'test_noop', array( 'value' => str_repeat( 'x', $max + 1 ) ) ), 'the PHP API too' );
		$this->assertSame( 0, $this->stored() );
		$this->assertNotWPError( iacp()->job_queue()->enqueue( 'test_noop', array( 'value' => str_repeat( 'x', $max ) ) ) );
	}

	public function test_a_replay_asks_the_callers_rule_with_the_stored_job_and_a_new_start_without_it(): void {
		$user  = $this->user( 'author' );
		$asked = array();
		// Like the REST rule: who may is checked for both; the limits (here: always over) only for a new start.
		$admit = static function ( string $type, $options, $replay = null ) use ( &$asked ) {
			$asked[] = array( $type, $options->user_id, $options->idempotency_key, $replay?->public_id );
			return null === $replay ? new \WP_Error( 'over_limit', 'Not now.', array( 'status' => 429 ) ) : true;
		};
		$first = $this->enqueue( 'test_noop', array(), array( 'user_id' => $user, 'idempotency_key' => 'once' ) );

		$replay = iacp()->job_queue()->enqueue( 'test_noop', array(), array( 'user_id' => $user, 'idempotency_key' => 'once' ), $admit );
		$this->assertNotWPError( $replay );
		$this->assertSame( $first->public_id, $replay->job->public_id, 'a replay gets its job back even when the caller would be refused now' );
		$this->assertSame( array( array( 'test_noop', $user, 'once', $first->public_id ) ), $asked, 'asked with the stored job' );

		$refused = iacp()->job_queue()->enqueue( 'test_noop', array(), array( 'user_id' => $user, 'idempotency_key' => 'twice' ), $admit );
		$this->assertWPErrorWith( $refused, 'over_limit', 429, null );
		$this->assertSame( array( 'test_noop', $user, 'twice', null ), $asked[1], 'asked once more, with the validated options and no stored job' );
		$this->assertSame( 1, $this->stored() );

		$forbidden = iacp()->job_queue()->enqueue( 'test_noop', array(), array( 'user_id' => $user, 'idempotency_key' => 'once' ), static fn() => new \WP_Error( 'iacp_forbidden_post', 'No.', array( 'status' => 403 ) ) );
		$this->assertWPErrorWith( $forbidden, 'iacp_forbidden_post', 403, null );
	}

	public function test_a_lost_idempotency_race_returns_the_winner(): void {
		$user = $this->user( 'author' );
		// Simulate the race: the pre-check finds nothing, then the UNIQUE index refuses our insert.
		$first = $this->enqueue( 'test_noop', array(), array( 'user_id' => $user, 'idempotency_key' => 'race' ) );
		$id    = iacp()->job_repository()->insert(
			array(
				'public_id'       => wp_generate_uuid4(),
				'user_id'         => $user,
				'type'            => 'test_noop',
				'status'          => 'pending',
				'input'           => '{}',
				'idempotency_key' => 'race',
				'created_at'      => time(),
				'expires_at'      => time() + 60,
				'updated_at'      => time(),
			)
		);
		$this->assertSame( 0, $id, 'the unique (user_id, idempotency_key) index refuses a second row' );
		$this->assertSame( $first->public_id, iacp()->job_repository()->find_by_idempotency_key( $user, 'race' )?->public_id );
	}

	public function test_a_type_prepares_its_input_at_enqueue_then_the_public_filter_runs(): void {
		$editor = $this->user( 'editor' );
		$post   = $this->post( $editor, array( 'post_excerpt' => 'Excerpt when queued' ) );
		$seen   = null;
		$filter = static function ( array $input, string $type ) use ( &$seen ): array {
			$seen = array( $type, $input );
			return $input + array( 'noted_by' => 'another plugin' );
		};
		add_filter( 'iacp_job_input', $filter, 10, 2 );
		try {
			$job = $this->enqueue(
				'post_field',
				array(
					'field'    => 'excerpt',
					'original' => 'a value the client made up',
				),
				array(
					'user_id' => $editor,
					'post_id' => $post,
				)
			);
		} finally {
			remove_filter( 'iacp_job_input', $filter, 10 );
		}

		$this->assertSame( 'Excerpt when queued', $job->input['original'], "the type's preparation read the field, replacing the client's value" );
		$this->assertSame( array( 'post_field', 'Excerpt when queued' ), array( $seen[0] ?? null, $seen[1]['original'] ?? null ), 'the public filter still fires, after the preparation' );
		$this->assertSame( 'another plugin', $job->input['noted_by'], "the filter's answer is stored" );
	}

	public function test_public_api_enqueues_and_presents(): void {
		$id = iacp_enqueue_job( 'test_noop', array( 'value' => 'x' ) );
		$this->assertIsString( $id );
		$job = iacp_get_job( $id );
		$this->assertIsArray( $job );
		$this->assertSame( $id, $job['id'] );
		$this->assertSame( 'pending', $job['status'] );
		$this->assertNull( iacp_get_job( wp_generate_uuid4() ) );
		$this->assertNull( iacp_get_job( 'not-a-uuid' ) );
		$this->assertInstanceOf( \WP_Error::class, iacp_enqueue_job( 'nope', array() ) );
	}

	public function test_cancel_pending_is_immediate(): void {
		$job       = $this->enqueue( 'test_noop' );
		$cancelled = iacp()->job_queue()->cancel( $job );
		$this->assertNotWPError( $cancelled );
		$this->assertSame( JobStatus::CANCELLED, $cancelled->status );
		$this->assertNotNull( $cancelled->finished_at );
		$this->assertNull( $this->claim( array( 'test_noop' ) ), 'a cancelled job is never claimed' );
	}

	public function test_cancel_running_sets_the_flag_and_finished_is_refused(): void {
		$job = $this->enqueue( 'test_noop' );
		$this->claim( array( 'test_noop' ) );
		$flagged = iacp()->job_queue()->cancel( $job );
		$this->assertNotWPError( $flagged );
		$this->assertSame( JobStatus::PROCESSING, $flagged->status );
		$this->assertTrue( $flagged->cancel_requested );

		$done = $this->enqueue( 'test_noop' );
		iacp()->job_queue()->cancel( $done );
		$this->assertWPErrorWith( iacp()->job_queue()->cancel( $this->job( $done ) ), 'iacp_job_finished', 409, null );
	}

	public function test_retry_only_failed_expired_or_cancelled(): void {
		$job = $this->enqueue( 'test_noop' );
		$this->assertWPErrorWith( iacp()->job_queue()->retry( $job ), 'iacp_job_not_retryable', 409, null );
		iacp()->job_queue()->cancel( $job );
		$this->force(
			$job,
			array(
				'attempts'   => 3,
				'error_code' => 'x',
				'expires_at' => time() - 10,
			)
		);
		$retried = iacp()->job_queue()->retry( $this->job( $job ) );
		$this->assertNotWPError( $retried );
		$this->assertSame( JobStatus::PENDING, $retried->status );
		$this->assertSame( 0, $retried->attempts );
		$this->assertNull( $retried->error_code );
		$this->assertNull( $retried->finished_at );
		$this->assertFalse( $retried->cancel_requested );
		$this->assertGreaterThan( time(), $retried->expires_at, 'a new expiry' );
		$this->assertLessThanOrEqual( time(), $retried->available_at );

		$this->run_queue( array( 'test_noop' ) );
		$this->assertWPErrorWith( iacp()->job_queue()->retry( $this->job( $job ) ), 'iacp_job_not_retryable', 409, null, 'completed jobs are not retried' );
	}

	public function test_delete_only_finished(): void {
		$job = $this->enqueue( 'test_noop' );
		$this->assertWPErrorWith( iacp()->job_queue()->delete( $job ), 'iacp_job_not_finished', 409, null );
		$this->claim( array( 'test_noop' ) );
		$this->assertWPErrorWith( iacp()->job_queue()->delete( $job ), 'iacp_job_not_finished', 409, null );
		iacp()->job_queue()->cancel( $job );
		$this->run_queue( array( 'test_noop' ) );
		$this->force( $job, array( 'lease_expires_at' => time() - 5 ) );
		iacp()->runner()->run( new \IACP\Queue\RunnerBudget( 'cli', 5, 0, 0, 0.0, 0.05, array( 'test_noop' ) ) );
		$this->assertSame( JobStatus::CANCELLED, $this->job( $job )->status, 'the reaper ends a flagged job whose worker is gone' );
		$this->assertTrue( iacp()->job_queue()->delete( $this->job( $job ) ) );
		$this->assertNull( iacp()->job_repository()->find( $job->id ) );
	}

	private function assertWPErrorWith( mixed $error, string $code, int $status, ?string $field, string $message = '' ): void {
		$this->assertInstanceOf( \WP_Error::class, $error, $message );
		$this->assertSame( $code, $error->get_error_code(), $message );
		$data = $error->get_error_data();
		$this->assertSame( $status, $data['status'] ?? null );
		if ( null !== $field ) {
			$this->assertSame( $field, $data['field'] ?? null, $error->get_error_message() );
		}
	}
}
