<?php
/**
 * The OpenAI-compatible provider against the test AI server over real HTTP: replies, streaming, images, models,
 * and how every fault is classified.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Providers;

use IACP\Jobs\PermanentJobError;
use IACP\Jobs\RetryableJobError;
use IACP\Providers\ProviderErrors;

final class OpenAiCompatibleProviderTest extends AiServerTestCase {

	public function test_chat_returns_the_deterministic_reply_and_usage_without_streaming(): void {
		$result = $this->provider()->chat( array( array( 'role' => 'user', 'content' => 'Summarise the history of the printing press please' ) ) );

		$this->assertStringStartsWith( '"Summarise the history of the printing" — ', $result->text );
		$this->assertGreaterThan( 0, $result->prompt_tokens );
		$this->assertSame( (int) ceil( mb_strlen( $result->text ) / 4 ), $result->completion_tokens );
		$this->assertSame( 'stop', $result->finish_reason );
		$log = $this->server_requests();
		$this->assertCount( 1, $log );
		$this->assertFalse( $log[0]['stream'] );
	}

	public function test_streaming_delivers_growing_text_before_the_end_and_the_same_text_as_a_plain_request(): void {
		$messages = array( array( 'role' => 'user', 'content' => 'Write about rivers [[lines:3]] [[chunk-delay:30]]' ) );
		$deltas   = array();
		$started  = microtime( true );
		$streamed = $this->provider()->chat( $messages, array(), function ( string $text ) use ( &$deltas ): void {
			$deltas[] = array( microtime( true ), $text );
		} );
		$ended    = microtime( true );
		$plain    = $this->provider()->chat( $messages );

		$this->assertSame( $plain->text, $streamed->text, 'streamed deltas join to the plain reply' );
		$this->assertSame( $plain->completion_tokens, $streamed->completion_tokens, 'usage arrives in the stream' );
		$this->assertGreaterThanOrEqual( 3, count( $deltas ), 'several partial updates' );
		$this->assertLessThan( $ended - 0.2, $deltas[0][0], 'the first partial came well before the end' );
		$this->assertStringStartsWith( $deltas[0][1], $streamed->text );
		$this->assertSame( $streamed->text, end( $deltas )[1], 'the last update is the full text' );
		for ( $i = 1; $i < count( $deltas ) - 1; $i++ ) {
			$this->assertGreaterThanOrEqual( 0.2, $deltas[ $i ][0] - $deltas[ $i - 1 ][0], 'updates come at most every ~250 ms' );
		}
		$this->assertGreaterThan( $started, $deltas[0][0] );
		$this->assertTrue( $this->server_requests()[0]['stream'] );
	}

	public function test_an_exception_from_the_delta_callback_stops_the_stream_at_once(): void {
		// 40 paragraphs at 300 ms a word would stream for minutes; a cancel seen at a heartbeat must end it now.
		$messages = array( array( 'role' => 'user', 'content' => 'Write a long essay [[lines:40]] [[chunk-delay:300]]' ) );
		$started  = microtime( true );
		$deltas   = 0;
		try {
			$this->provider()->chat(
				$messages,
				array(),
				function () use ( &$deltas ): void {
					++$deltas;
					throw new \IACP\Jobs\JobCancelledException( 'cancel requested' );
				}
			);
			$this->fail( 'the handler’s exception must come out of chat()' );
		} catch ( \IACP\Jobs\JobCancelledException $e ) {
			$this->assertSame( 'cancel requested', $e->getMessage() );
		}
		$this->assertSame( 1, $deltas, 'no further partial output after the handler asked to stop' );
		$this->assertLessThan( 5.0, microtime( true ) - $started, 'the transfer was aborted, not read to its end' );
	}

	public function test_images_a_server_returns_as_urls_are_downloaded(): void {
		$batch = $this->provider()->images( 'A lighthouse [[image-response:url]]', '256x256', 2 );

		$this->assertCount( 2, $batch->images );
		foreach ( $batch->images as $image ) {
			$this->assertStringStartsWith( "\x89PNG", $image->bytes() );
			$size = getimagesizefromstring( $image->bytes() );
			$this->assertSame( array( 256, 256 ), array( $size[0] ?? 0, $size[1] ?? 0 ) );
		}
		$this->assertNotSame( $batch->images[0]->bytes(), $batch->images[1]->bytes() );
	}

	public function test_images_are_decoded_from_b64_json(): void {
		$batch = $this->provider()->images( 'A lighthouse at dusk', '256x256', 2 );

		$this->assertCount( 2, $batch->images );
		foreach ( $batch->images as $image ) {
			$this->assertSame( 'image/png', $image->mime );
			$size = getimagesizefromstring( $image->bytes() );
			$this->assertSame( array( 256, 256 ), array( $size[0], $size[1] ) );
		}
		$this->assertNotSame( $batch->images[0]->bytes(), $batch->images[1]->bytes() );
	}

	public function test_models_lists_the_servers_models(): void {
		$this->assertSame( array( 'iacp-image-1', 'iacp-text-1', 'iacp-text-2', 'iacp-vision-1' ), $this->provider()->models() );
	}

	/**
	 * @return array<string, array{string, class-string, string, ?int}>
	 */
	public function faults(): array {
		return array(
			'401'       => array( '401', PermanentJobError::class, 'provider_auth', null ),
			'403'       => array( '403', PermanentJobError::class, 'provider_auth', null ),
			'404'       => array( '404', PermanentJobError::class, 'provider_model_not_found', null ),
			'400'       => array( '400', PermanentJobError::class, 'provider_rejected', null ),
			'422'       => array( '422', PermanentJobError::class, 'provider_rejected', null ),
			'429'       => array( '429 [[retry-after:7]]', RetryableJobError::class, 'provider_rate_limited', 7 ),
			'500'       => array( '500', RetryableJobError::class, 'provider_unavailable', null ),
			'503'       => array( '503', RetryableJobError::class, 'provider_unavailable', null ),
			'malformed' => array( 'malformed', RetryableJobError::class, 'provider_bad_response', null ),
			'drop'      => array( 'drop', RetryableJobError::class, 'provider_bad_response', null ),
		);
	}

	/**
	 * @dataProvider faults
	 * @param class-string $class Expected exception class.
	 */
	public function test_each_fault_is_classified( string $fault, string $class, string $code, ?int $retry_after ): void {
		[ $kind ] = explode( ' ', $fault );
		$extra    = str_contains( $fault, '[[' ) ? substr( $fault, strlen( $kind ) ) : '';
		foreach ( array( 'plain' => null, 'stream' => static function (): void {} ) as $mode => $on_delta ) {
			try {
				$this->provider()->chat( array( array( 'role' => 'user', 'content' => "Hello [[fault:{$kind}]]{$extra}" ) ), array(), $on_delta );
				$this->fail( "{$mode}: no exception for fault {$kind}" );
			} catch ( PermanentJobError | RetryableJobError $error ) {
				$this->assertInstanceOf( $class, $error, $mode );
				$this->assertSame( $code, $error->error_code(), "{$mode}: " . $error->getMessage() );
				if ( $error instanceof RetryableJobError ) {
					$this->assertSame( $retry_after, $error->retry_after(), $mode );
				}
				$this->assertNotSame( '', $error->getMessage() );
			}
		}
	}

	public function test_a_bad_key_is_permanent_and_the_key_is_sent_as_bearer(): void {
		try {
			$this->provider( 10.0, '' )->chat( array( array( 'role' => 'user', 'content' => 'Hi' ) ) );
			$this->fail( 'no exception without a key' );
		} catch ( PermanentJobError $error ) {
			$this->assertSame( 'provider_auth', $error->error_code() );
		}
		$this->assertStringStartsWith( '"Hi" — ', $this->provider()->chat( array( array( 'role' => 'user', 'content' => 'Hi' ) ) )->text, 'with the key it works' );
	}

	public function test_a_hang_past_the_read_timeout_is_a_retryable_timeout(): void {
		$started = microtime( true );
		try {
			$this->provider( 1.0 )->chat( array( array( 'role' => 'user', 'content' => 'Wait [[fault:hang]]' ) ) );
			$this->fail( 'no exception for a hang' );
		} catch ( RetryableJobError $error ) {
			$this->assertSame( 'provider_timeout', $error->error_code() );
		}
		$this->assertLessThan( 4.0, microtime( true ) - $started, 'gave up after about the read timeout' );
	}

	public function test_a_refused_connection_is_retryable_unavailable(): void {
		$provider = new \IACP\Providers\OpenAiCompatibleProvider( static fn() => new \IACP\Providers\ProviderConfig( 'http://127.0.0.1:9/v1', 'k', 'm', 'm', 1.0, 2.0 ) );
		try {
			$provider->chat( array( array( 'role' => 'user', 'content' => 'Hi' ) ) );
			$this->fail( 'no exception' );
		} catch ( RetryableJobError $error ) {
			$this->assertSame( 'provider_unavailable', $error->error_code() );
		}
	}

	public function test_an_image_fault_is_classified_too(): void {
		$this->expectException( PermanentJobError::class );
		$this->provider()->images( 'A cat [[fault:422]]', '256x256', 1 );
	}

	public function test_retry_after_reads_seconds_dates_and_reset_durations(): void {
		$now = 1_700_000_000;
		$this->assertSame( 5, ProviderErrors::retry_after( array( 'retry-after' => '5' ), $now ) );
		$this->assertSame( 30, ProviderErrors::retry_after( array( 'retry-after' => gmdate( 'D, d M Y H:i:s \G\M\T', $now + 30 ) ), $now ) );
		$this->assertSame( 360, ProviderErrors::retry_after( array( 'x-ratelimit-reset-requests' => '6m0s' ), $now ) );
		$this->assertSame( 1, ProviderErrors::retry_after( array( 'x-ratelimit-reset-requests' => '20ms' ), $now ) );
		$this->assertSame( 3724, ProviderErrors::retry_after( array( 'x-ratelimit-reset-requests' => '1h2m3.5s' ), $now ) );
		$this->assertSame( 9, ProviderErrors::retry_after( array( 'Retry-After' => '2', 'x-ratelimit-reset-requests' => '9s' ), $now ), 'the longer wait wins' );
		$this->assertNull( ProviderErrors::retry_after( array(), $now ) );
		$this->assertSame( 4, ProviderErrors::from_status( 429, '', array( 'retry-after' => '4' ), $now )->retry_after() );
		$this->assertInstanceOf( RetryableJobError::class, ProviderErrors::from_status( 408, '', array() ) );
		$this->assertInstanceOf( RetryableJobError::class, ProviderErrors::from_status( 409, '', array() ) );
	}
}
