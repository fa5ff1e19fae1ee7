<?php
/**
 * The one public representation of a job, and its schema.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Jobs;

use IACP\Jobs\JobPresenter;
use IACP\Queue\LeasedJobContext;
use IACP\Tests\Queue\QueueTestCase;

final class JobPresenterTest extends QueueTestCase {

	public function test_a_running_job_shows_checkpoint_not_result_and_a_finished_one_the_reverse(): void {
		$job     = $this->enqueue( 'test_noop', array( 'value' => 'v' ) );
		$claimed = $this->claim( array( 'test_noop' ) );
		$context = new LeasedJobContext( iacp()->job_repository(), $claimed, (string) $claimed->lease_token, 60, time() + 60 );
		$context->checkpoint( array( 'image_1' => 41 ) );
		$context->add_token_usage( 7, 3 );

		$running = iacp()->job_presenter()->present( $this->job( $job ) );
		$this->assertSame( $job->public_id, $running['id'], 'the public UUID, never the numeric key' );
		$this->assertNull( $running['result'] );
		$this->assertEquals( (object) array( 'image_1' => 41 ), $running['checkpoint'] );
		$this->assertSame( array( 'prompt' => 7, 'completion' => 3, 'total' => 10 ), $running['tokens'] );
		$this->assertSame( 500, $running['poll_after_ms'] );
		$this->assertMatchesRegularExpression( '/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/', (string) $running['started_at'] );
		$this->assertNull( $running['finished_at'] );
		$this->assertNull( $running['error'] );

		iacp()->job_repository()->transition( $job->id, array( 'processing' ), 'failed', array( 'error_code' => 'x', 'error_message' => 'Broke.', 'finished_at' => time() ) );
		$failed = iacp()->job_presenter()->present( $this->job( $job ) );
		$this->assertSame( array( 'code' => 'x', 'message' => 'Broke.' ), $failed['error'] );
		$this->assertNull( $failed['poll_after_ms'], 'no polling once finished' );

		$done = $this->enqueue( 'test_noop' );
		$this->run_queue( array( 'test_noop' ) );
		$completed = iacp()->job_presenter()->present( $this->job( $done ) );
		$this->assertEquals( (object) array( 'ok' => true, 'input' => array() ), $completed['result'] );
		$this->assertNull( $completed['checkpoint'] );
	}

	public function test_poll_intervals_and_schema_cover_every_field(): void {
		$this->assertSame( 500, JobPresenter::poll_after_ms( 0 ) );
		$this->assertSame( 1000, JobPresenter::poll_after_ms( 5000 ) );
		$this->assertSame( 2000, JobPresenter::poll_after_ms( 30000 ) );
		$this->assertSame( 5000, JobPresenter::poll_after_ms( 120000 ) );

		$presented = iacp()->job_presenter()->present( $this->enqueue( 'test_noop' ) );
		$schema    = JobPresenter::schema();
		$this->assertSame( array_keys( $presented ), array_keys( $schema['properties'] ) );
		foreach ( $schema['properties'] as $name => $property ) {
			$this->assertTrue( $property['readonly'] ?? false, $name );
			$this->assertSame( array( 'view', 'edit' ), $property['context'] ?? null, $name );
		}
		$this->assertTrue( rest_validate_value_from_schema( json_decode( (string) wp_json_encode( $presented ), true ), $schema, 'job' ) );
	}

	public function test_the_etag_follows_what_a_client_shows_and_not_the_clock(): void {
		$job       = $this->enqueue( 'test_noop' );
		$presenter = iacp()->job_presenter();
		$first     = $presenter->etag( $this->job( $job ) );
		$this->assertMatchesRegularExpression( '/^W\/"[0-9a-f]{32}"$/', $first );
		$this->assertSame( $first, $presenter->etag( $this->job( $job ) ), 'the same job, the same tag' );

		$claimed = $this->claim( array( 'test_noop' ) );
		$context = new LeasedJobContext( iacp()->job_repository(), $claimed, (string) $claimed->lease_token, 60, time() + 60 );
		$running = $presenter->etag( $this->job( $job ) );
		$this->assertNotSame( $first, $running, 'a status change' );
		$context->partial_output( 'Once upon' );
		$this->assertNotSame( $running, $presenter->etag( $this->job( $job ) ), 'new partial output' );
	}
}
