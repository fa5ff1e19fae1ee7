<?php
/**
 * The OpenAI-compatible provider against servers less capable or stricter than the test server's defaults, over
 * real HTTP: a server that refuses `stream_options`, one that ignores `stream: true`, and image models that refuse
 * `response_format` (gpt-image-1 as the real API documents it).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Providers;

use IACP\Jobs\PermanentJobError;
use IACP\Providers\OpenAiCompatibleProvider;
use IACP\Providers\ProviderConfig;

final class ProviderFallbacksTest extends AiServerTestCase {

	public function test_a_server_that_refuses_stream_options_gets_the_same_request_once_more_without_streaming(): void {
		$messages = array( array( 'role' => 'user', 'content' => 'Write about harbours [[server:no-stream-options]]' ) );
		$deltas   = array();
		$result   = $this->provider()->chat(
			$messages,
			array(),
			static function ( string $text ) use ( &$deltas ): void {
				$deltas[] = $text;
			}
		);

		$this->assertStringStartsWith( '"Write about harbours" — ', $result->text );
		$this->assertGreaterThan( 0, $result->completion_tokens, 'usage from the plain answer' );
		$log = $this->server_requests();
		$this->assertCount( 2, $log, 'the refused streamed request, then a plain one' );
		$this->assertSame( 400, $log[0]['status'], 'refused: it carried stream_options' );
		$this->assertSame( array( false, 200 ), array( $log[1]['stream'], $log[1]['status'] ) );
	}

	public function test_without_that_refusal_nothing_is_sent_twice(): void {
		$this->provider()->chat( array( array( 'role' => 'user', 'content' => 'Write about harbours' ) ), array(), static function (): void {} );
		$this->assertCount( 1, $this->server_requests() );
	}

	public function test_a_server_that_answers_a_stream_request_with_one_json_document_is_read_as_one(): void {
		$deltas = array();
		$result = $this->provider()->chat(
			array( array( 'role' => 'user', 'content' => 'Write about lighthouses [[server:no-streaming]]' ) ),
			array(),
			static function ( string $text ) use ( &$deltas ): void {
				$deltas[] = $text;
			}
		);
		$plain = $this->provider()->chat( array( array( 'role' => 'user', 'content' => 'Write about lighthouses [[server:no-streaming]]' ) ) );

		$this->assertSame( $plain->text, $result->text );
		$this->assertSame( array( $result->text ), $deltas, 'the whole text as the one partial output' );
		$this->assertSame( $plain->completion_tokens, $result->completion_tokens );
		$log = $this->server_requests();
		$this->assertTrue( $log[0]['stream'], 'a stream was asked for' );
		$this->assertSame( 200, $log[0]['status'] );
	}

	public function test_gpt_image_1_never_gets_response_format_and_answers_base64(): void {
		$batch = $this->image_provider( 'gpt-image-1' )->images( 'A lighthouse', '1024x1024', 1 );

		$this->assertCount( 1, $batch->images );
		$this->assertSame( 'image/png', $batch->images[0]->mime );
		$log = $this->server_requests();
		$this->assertCount( 1, $log, 'one request: the parameter the model refuses was never sent' );
		$this->assertSame( 200, $log[0]['status'] );
	}

	public function test_a_model_not_known_to_refuse_response_format_is_asked_once_more_without_it_when_it_does(): void {
		// The capability table made unsure about gpt-image-1: the plugin sends response_format, the server refuses.
		$unsure = static fn( array $caps, string $model ): array => 'gpt-image-1' === $model ? array( 'response_format' => null ) + $caps : $caps;
		add_filter( 'iacp_image_model_capabilities', $unsure, 10, 2 );
		try {
			$batch = $this->image_provider( 'gpt-image-1' )->images( 'A lighthouse', '1536x1024', 1 );
		} finally {
			remove_filter( 'iacp_image_model_capabilities', $unsure, 10 );
		}

		$size = getimagesizefromstring( $batch->images[0]->bytes() );
		$this->assertSame( array( 1536, 1024 ), array( $size[0] ?? 0, $size[1] ?? 0 ) );
		$log = $this->server_requests();
		$this->assertSame( array( 400, 200 ), array_column( $log, 'status' ), 'refused with response_format, served without' );
	}

	public function test_a_size_the_model_cannot_make_is_a_permanent_refusal_with_the_providers_words_in_the_detail(): void {
		try {
			$this->image_provider( 'dall-e-3' )->images( 'A lighthouse', '256x256', 1 );
			$this->fail( 'dall-e-3 makes no 256x256 images' );
		} catch ( PermanentJobError $error ) {
			$this->assertSame( 'provider_rejected', $error->error_code() );
			$this->assertStringContainsString( 'The size is not supported by this model.', $error->detail() );
		}
	}

	private function image_provider( string $model ): OpenAiCompatibleProvider {
		return new OpenAiCompatibleProvider( static fn(): ProviderConfig => new ProviderConfig( self::ai_url(), 'test-key', 'iacp-text-1', $model, 2.0, 30.0 ) );
	}
}
