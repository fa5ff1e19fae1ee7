<?php
/**
 * The `alt_text` job type against the test AI server: a downscaled copy of the image (never its URL) goes to the
 * vision model as a data URL; the literal answer becomes the alt text unless the image has one (skipped unless
 * `replace`), alt text a person writes meanwhile wins, review mode stores before/after and writes nothing until
 * ReviewedResult::apply(), and a missing or non-image attachment is refused with a 400 naming post_id.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\JobTypes;

use IACP\Jobs\Job;
use IACP\Jobs\JobStatus;
use IACP\Jobs\PermanentJobError;
use IACP\JobTypes\AltText;
use IACP\JobTypes\AltTextJobHandler;
use IACP\JobTypes\ReviewedResult;
use IACP\Queue\RunnerBudget;
use IACP\Settings\Settings;
use IACP\Tests\Providers\AiServerTestCase;

final class AltTextJobHandlerTest extends AiServerTestCase {

	/** @var list<int> */
	private array $attachments = array();

	/** @var list<string> Bodies of the chat requests this process sent. */
	private array $sent = array();

	protected function setUp(): void {
		parent::setUp();
		$this->settings( array( 'vision_model' => 'iacp-vision-1' ) );
		add_filter( 'http_request_args', array( $this, 'record_body' ), 10, 2 );
	}

	protected function tearDown(): void {
		remove_filter( 'http_request_args', array( $this, 'record_body' ), 10 );
		foreach ( $this->attachments as $id ) {
			wp_delete_attachment( $id, true );
		}
		parent::tearDown();
	}

	/**
	 * @param array<string, mixed> $args Request arguments.
	 * @return array<string, mixed>
	 */
	public function record_body( array $args, string $url ): array {
		if ( str_ends_with( $url, '/chat/completions' ) ) {
			$this->sent[] = (string) ( $args['body'] ?? '' );
		}
		return $args;
	}

	private function handler(): AltTextJobHandler {
		return new AltTextJobHandler( iacp()->ai_provider(), new Settings() );
	}

	/**
	 * A PNG of one colour in the Media Library, with WordPress's intermediate sizes.
	 *
	 * @param array{0: int, 1: int, 2: int} $rgb Colour.
	 */
	private function image( int $author, int $width, int $height, array $rgb, string $alt = '' ): int {
		$picture = imagecreatetruecolor( $width, $height );
		imagefill( $picture, 0, 0, (int) imagecolorallocate( $picture, $rgb[0], $rgb[1], $rgb[2] ) );
		$file = wp_upload_dir()['path'] . '/iacp-alt-' . wp_generate_password( 8, false, false ) . '.png';
		imagepng( $picture, $file );
		$id = wp_insert_attachment(
			array(
				'post_mime_type' => 'image/png',
				'post_title'     => 'Secret holiday snapshot',
				'post_author'    => $author,
			),
			$file
		);
		require_once ABSPATH . 'wp-admin/includes/image.php';
		wp_update_attachment_metadata( $id, wp_generate_attachment_metadata( $id, $file ) );
		if ( '' !== $alt ) {
			update_post_meta( $id, AltText::META_KEY, $alt );
		}
		$this->attachments[] = $id;
		return $id;
	}

	/**
	 * Queues (prepare_input, as the queue does) and runs a job in this process.
	 *
	 * @param array<string, mixed> $input Input.
	 * @return array<string, mixed>
	 */
	private function run_job( array $input, int $attachment, InMemoryJobContext $context = new InMemoryJobContext() ): array {
		$prepared = $this->handler()->prepare_input( $input, $attachment );
		$this->assertIsArray( $prepared );
		return $this->handler()->handle( InMemoryJobContext::job( AltTextJobHandler::TYPE, $prepared, $attachment ), $context );
	}

	/**
	 * @return list<array<string, mixed>> The server's log of chat requests.
	 */
	private function chat_requests(): array {
		return array_values( array_filter( $this->server_requests(), static fn( array $entry ): bool => '/v1/chat/completions' === $entry['path'] ) );
	}

	public function test_alt_text_is_written_from_a_downscaled_copy_never_the_file_url(): void {
		$image   = $this->image( $this->user( 'editor' ), 1600, 1200, array( 220, 20, 30 ) );
		$context = new InMemoryJobContext();

		$result = $this->run_job( array(), $image, $context );

		$this->assertTrue( $result['applied'] );
		$this->assertSame( 'A mostly red image, 768 × 576 pixels.', $result['after'] );
		$this->assertSame( 'A mostly red image, 768 × 576 pixels.', AltText::read( $image ) );
		$this->assertGreaterThan( 85, $context->prompt_tokens, 'the image tokens are counted' );

		$requests = $this->chat_requests();
		$this->assertCount( 1, $requests );
		$this->assertSame( 'iacp-vision-1', $requests[0]['model'] );
		$this->assertSame( 200, $requests[0]['status'] );
		$this->assertSame( 'image/png', $requests[0]['images'][0]['mediaType'] );
		$this->assertSame( array( 768, 576 ), array( $requests[0]['images'][0]['width'], $requests[0]['images'][0]['height'] ), 'the 1600 × 1200 original was not sent' );

		$this->assertCount( 1, $this->sent );
		$sent = json_decode( $this->sent[0], true );
		$this->assertStringStartsWith( 'data:image/png;base64,', $sent['messages'][1]['content'][1]['image_url']['url'] );
		$body = (string) wp_json_encode( $sent, JSON_UNESCAPED_SLASHES );
		$this->assertStringNotContainsString( wp_basename( (string) get_attached_file( $image ) ), $body, 'no file name' );
		$this->assertStringNotContainsString( wp_upload_dir()['baseurl'], $body, 'no uploads URL' );
		$this->assertStringNotContainsString( home_url(), $body, 'no site URL' );
		$this->assertStringNotContainsString( 'Secret holiday snapshot', $body, 'no title' );
		$this->assertStringContainsString( get_locale(), $sent['messages'][0]['content'], 'the site language is asked for' );
	}

	public function test_a_small_image_is_sent_at_its_own_size(): void {
		$image = $this->image( $this->user( 'editor' ), 200, 100, array( 30, 60, 220 ) );
		$this->assertSame( 'A mostly blue image, 200 × 100 pixels.', $this->run_job( array(), $image )['after'] );
	}

	public function test_an_image_with_alt_text_is_skipped_without_asking_the_ai(): void {
		$image = $this->image( $this->user( 'editor' ), 400, 300, array( 30, 160, 60 ), 'A person wrote this' );

		$result = $this->run_job( array( 'replace' => false ), $image );

		$this->assertFalse( $result['applied'] );
		$this->assertTrue( $result['skipped'] );
		$this->assertSame( 'has_alt_text', $result['note'] );
		$this->assertSame( 'A person wrote this', AltText::read( $image ) );
		$this->assertSame( array(), $this->chat_requests(), 'nothing was paid for' );
	}

	public function test_with_replace_existing_alt_text_is_replaced(): void {
		$image = $this->image( $this->user( 'editor' ), 400, 300, array( 30, 160, 60 ), 'old alt' );

		$result = $this->run_job( array( 'replace' => true ), $image );

		$this->assertTrue( $result['applied'] );
		$this->assertSame( 'old alt', $result['before'] );
		$this->assertSame( 'A mostly green image, 400 × 300 pixels.', AltText::read( $image ) );
	}

	public function test_alt_text_a_person_writes_while_the_ai_answers_wins(): void {
		foreach ( array( false, true ) as $replace ) {
			$image = $this->image( $this->user( 'editor' ), 400, 300, array( 250, 250, 250 ), $replace ? 'before' : '' );
			$edit  = static function () use ( $image ): void {
				update_post_meta( $image, AltText::META_KEY, 'Typed by a person meanwhile' );
			};
			add_action( 'http_api_debug', $edit );
			try {
				$result = $this->run_job( array( 'replace' => $replace ), $image );
			} finally {
				remove_action( 'http_api_debug', $edit );
			}
			$this->assertFalse( $result['applied'] );
			$this->assertSame( 'has_alt_text', $result['note'] );
			$this->assertSame( 'newer_edit', $result['reason'] );
			$this->assertSame( 'Typed by a person meanwhile', AltText::read( $image ), $replace ? 'with replace' : 'without replace' );
		}
	}

	public function test_review_mode_stores_the_alt_text_without_writing_then_applies_it(): void {
		$editor = $this->user( 'editor' );
		$image  = $this->image( $editor, 400, 300, array( 220, 20, 30 ) );
		$input  = $this->handler()->prepare_input( array( 'review' => true ), $image );
		$this->assertIsArray( $input );
		$job    = InMemoryJobContext::job( AltTextJobHandler::TYPE, $input, $image, null, 1, '', $editor );
		$result = $this->handler()->handle( $job, new InMemoryJobContext() );

		$this->assertTrue( $result['review'] );
		$this->assertSame( '', $result['before'] );
		$this->assertSame( 'A mostly red image, 400 × 300 pixels.', $result['after'] );
		$this->assertSame( '', AltText::read( $image ), 'review mode writes nothing' );

		$fields           = get_object_vars( $job );
		$fields['status'] = JobStatus::COMPLETED;
		$fields['result'] = $result;
		$done             = new Job( ...$fields );
		$this->assertTrue( ReviewedResult::apply( $done, '"Image of a red square"', $editor ) );
		$this->assertSame( 'A red square', AltText::read( $image ), 'the edited value, cleaned' );

		update_post_meta( $image, AltText::META_KEY, 'A person changed it after' );
		$this->assertSame( 'iacp_changed_since', ReviewedResult::apply( $done, null, $editor )->get_error_code() );
		$this->assertSame( 'A person changed it after', AltText::read( $image ) );
	}

	public function test_a_missing_or_non_image_attachment_is_refused_with_400_naming_post_id(): void {
		$editor = $this->user( 'editor' );
		wp_set_current_user( $editor );
		$document = wp_insert_attachment(
			array(
				'post_mime_type' => 'application/pdf',
				'post_title'     => 'A document',
			),
			wp_upload_dir()['path'] . '/iacp-alt-document.pdf'
		);
		$this->attachments[] = $document;
		$post                = $this->post( $editor );

		foreach ( array( $document, $post, 999999999 ) as $post_id ) {
			$response = $this->rest(
				'POST',
				'/iacp/v1/jobs',
				array(
					'type'    => AltTextJobHandler::TYPE,
					'input'   => array( 'replace' => true ),
					'post_id' => $post_id,
				)
			);
			$this->assertSame( 400, $response->get_status(), (string) $post_id );
			$this->assertSame( 'post_id', $response->get_data()['data']['field'] ?? null, (string) $post_id );
		}
		$this->assertSame( 0, (int) $GLOBALS['wpdb']->get_var( 'SELECT COUNT(*) FROM ' . $this->jobs_table() ), 'nothing was queued' ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	}

	public function test_an_author_cannot_start_alt_text_for_another_authors_image_or_apply_it(): void {
		$owner    = $this->user( 'author' );
		$intruder = $this->user( 'author' );
		$image    = $this->image( $owner, 100, 100, array( 0, 0, 0 ), '' );
		wp_set_current_user( $intruder );
		$response = $this->rest(
			'POST',
			'/iacp/v1/jobs',
			array(
				'type'    => AltTextJobHandler::TYPE,
				'input'   => array( 'replace' => true ),
				'post_id' => $image,
			)
		);
		$this->assertSame( 403, $response->get_status() );
		$this->assertSame( 0, (int) $GLOBALS['wpdb']->get_var( 'SELECT COUNT(*) FROM ' . $this->jobs_table() ), 'nothing was queued' ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared

		wp_set_current_user( 0 );
		$input            = $this->handler()->prepare_input( array( 'review' => true ), $image );
		$fields           = get_object_vars( InMemoryJobContext::job( AltTextJobHandler::TYPE, $input, $image, null, 1, '', $owner ) );
		$fields['status'] = JobStatus::COMPLETED;
		$fields['result'] = array(
			'before' => '',
			'after'  => 'Planted text',
		);
		$this->assertSame( 'iacp_forbidden', ReviewedResult::apply( new Job( ...$fields ), null, $intruder )->get_error_code() );
		$this->assertSame( '', AltText::read( $image ) );
	}

	public function test_through_the_queue_the_job_writes_the_alt_text_and_records_its_usage(): void {
		$editor = $this->user( 'editor' );
		$image  = $this->image( $editor, 400, 300, array( 245, 140, 30 ) );
		$id     = iacp_enqueue_job( AltTextJobHandler::TYPE, array(), array( 'user_id' => $editor, 'post_id' => $image ) );
		$this->assertIsString( $id );

		$deadline = microtime( true ) + 30;
		do {
			iacp()->runner()->run( new RunnerBudget( RunnerBudget::CLI, 15, 0, 0, 0.0, 0.05, array( AltTextJobHandler::TYPE ) ) );
			$job = iacp_get_job( $id );
		} while ( ! in_array( $job['status'] ?? '', JobStatus::FINISHED, true ) && microtime( true ) < $deadline );

		$this->assertSame( 'completed', $job['status'], wp_json_encode( $job ) );
		$this->assertSame( 'A mostly orange image, 400 × 300 pixels.', AltText::read( $image ) );
		$this->assertGreaterThan( 85, (int) $job['tokens']['prompt'], 'usage recorded like other chat jobs' );
	}

	public function test_a_provider_that_reports_no_usage_is_charged_an_estimate_with_the_image(): void {
		$image = $this->image( $this->user( 'editor' ), 1600, 1200, array( 220, 20, 30 ) );
		// The test server's directive for a provider that sends no usage, added to the words of the request.
		$no_usage = static function ( array $args, string $url ): array {
			if ( str_ends_with( $url, '/chat/completions' ) ) {
				$body = json_decode( (string) $args['body'], true );
				$body['messages'][1]['content'][0]['text'] .= ' [[usage:none]]';
				$args['body'] = (string) wp_json_encode( $body );
			}
			return $args;
		};
		$answers = array();
		$answer  = static function ( $response ) use ( &$answers ) {
			$answers[] = json_decode( (string) wp_remote_retrieve_body( $response ), true );
			return $response;
		};
		add_filter( 'http_request_args', $no_usage, 20, 2 );
		add_filter( 'http_response', $answer );
		$context = new InMemoryJobContext();
		try {
			$result = $this->run_job( array(), $image, $context );
		} finally {
			remove_filter( 'http_request_args', $no_usage, 20 );
			remove_filter( 'http_response', $answer );
		}
		$this->assertTrue( $result['applied'] );
		$this->assertCount( 1, $answers );
		$this->assertArrayNotHasKey( 'usage', $answers[0], 'the provider reported no usage' );
		$sent = json_decode( $this->sent[0], true );
		$this->assertStringNotContainsString( 'usage', $sent['messages'][1]['content'][0]['text'], 'recorded before the directive' );
		// The words at a token per 4 characters (without the directive: the server's own count would include it),
		// and the 768 × 576 copy: 2 × 2 tiles at high detail.
		$words = mb_strlen( $sent['messages'][0]['content'] . $sent['messages'][1]['content'][0]['text'] );
		$this->assertSame( (int) ceil( $words / 4 ) + 85 + 170 * 4, $context->prompt_tokens );
		$this->assertSame( (int) ceil( mb_strlen( $result['after'] ) / 4 ), $context->completion_tokens );
		$this->assertSame( 85 + 170 * 6, \IACP\JobTypes\AltTextImage::tokens( 2000, 1000 ), 'the same count as the test server' );
	}

	public function test_a_text_only_model_is_refused_by_the_provider_and_nothing_is_written(): void {
		$this->settings( array( 'vision_model' => '' ) );
		$image = $this->image( $this->user( 'editor' ), 100, 100, array( 0, 0, 0 ) );
		try {
			$this->run_job( array(), $image );
			$this->fail( 'a text-only model took an image' );
		} catch ( PermanentJobError $error ) {
			$this->assertSame( 'provider_rejected', $error->error_code() );
			$this->assertStringContainsString( 'image_url is only supported by certain models', $error->detail() );
		}
		$this->assertSame( '', AltText::read( $image ) );
	}

	public function test_the_answer_is_cleaned_to_a_short_literal_line(): void {
		$this->assertSame( 'A dog on a beach', AltText::clean( '"Image of a dog on a beach"' ) );
		$this->assertSame( 'Two children reading', AltText::clean( "Alt text: A photo of two children reading\n" ) );
		$this->assertSame( 'Ein Hund im Schnee', AltText::clean( '„Bild von ein Hund im Schnee“' ) );
		$this->assertSame( 'A red bus', AltText::clean( '<p>A red bus</p>' ) );
		$long = AltText::clean( str_repeat( 'word ', 60 ) );
		$this->assertLessThanOrEqual( AltText::MAX_CHARS, mb_strlen( $long ) );
		$this->assertStringEndsWith( 'word', $long, 'cut at a word boundary' );
	}
}
