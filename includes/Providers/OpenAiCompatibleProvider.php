<?php
/**
 * Any OpenAI-compatible API (OpenAI, Ollama, LM Studio, vLLM, …) over the WordPress HTTP API.
 *
 * Uses wp_remote_request(), not wp_safe_remote_request(): administrators point this at local endpoints
 * (Ollama on localhost), which the "safe" variant refuses.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

use IACP\Jobs\PermanentJobError;
use IACP\Jobs\RetryableJobError;
use IACP\Security\ErrorRedaction;

final class OpenAiCompatibleProvider implements AiProvider {

	/** Fewest milliseconds between two $on_delta calls. */
	private const DELTA_INTERVAL_MS = 250;

	/**
	 * Seconds one request may take in all: only a backstop, since the read and idle timeouts (TransferWatch) and the
	 * job's own time limit end a request that stops making progress long before.
	 */
	private const TRANSFER_LIMIT_SECONDS = 900;

	/** @var \Closure(): ProviderConfig */
	private \Closure $config;

	/**
	 * @param callable(): ProviderConfig $config Reads the configuration at the time of each request.
	 */
	public function __construct( callable $config ) {
		$this->config = \Closure::fromCallable( $config );
	}

	public function chat( array $messages, array $options = array(), ?callable $on_delta = null ): ChatResult {
		$config = $this->config();
		$body   = array(
			'model'    => $options['model'] ?? $config->text_model,
			'messages' => $messages,
		);
		if ( isset( $options['max_tokens'] ) ) {
			$body['max_tokens'] = (int) $options['max_tokens'];
		}
		if ( isset( $options['temperature'] ) ) {
			$body['temperature'] = (float) $options['temperature'];
		}
		/**
		 * Whether chat completions are streamed (partial output while the AI writes). Turn off for a provider
		 * that does not stream.
		 *
		 * @param bool $stream Default true when the caller wants partial output.
		 */
		$stream = null !== $on_delta && (bool) apply_filters( 'iacp_provider_stream', true );
		if ( ! $stream ) {
			return $this->chat_plain( $config, $body );
		}
		try {
			return $this->chat_streamed( $config, $body, $on_delta );
		} catch ( PermanentJobError $error ) {
			// Some servers reject stream_options (older vLLM, some proxies): fall back to a plain request once.
			if ( 'provider_rejected' === $error->error_code() && preg_match( '/stream/i', $error->detail() ) ) {
				return $this->chat_plain( $config, $body );
			}
			throw $error;
		}
	}

	public function images( string $prompt, string $size, int $count, array $options = array() ): ImageBatch {
		$config = $this->config();
		$body   = array(
			'model'           => $config->image_model,
			'prompt'          => $prompt,
			'n'               => $count,
			'size'            => $size,
			'response_format' => 'b64_json',
		);
		if ( false === ImageModelCapabilities::for_model( $config->image_model )->response_format ) {
			unset( $body['response_format'] ); // The gpt-image models always answer base64 and refuse the parameter.
		}
		try {
			$response = $this->post_json( $config, '/images/generations', $body );
		} catch ( PermanentJobError $error ) {
			// A model the capability table does not know may refuse it too: ask once more without it.
			if ( 'provider_rejected' !== $error->error_code() || ! str_contains( $error->detail(), 'response_format' ) ) {
				throw $error;
			}
			unset( $body['response_format'] );
			$response = $this->post_json( $config, '/images/generations', $body );
		}
		$images   = array();
		$download = new ImageDownload( $config->base_url, $config->read_timeout );
		foreach ( (array) ( $response['data'] ?? array() ) as $item ) {
			if ( ! is_array( $item ) ) {
				continue;
			}
			$revised = is_string( $item['revised_prompt'] ?? null ) ? $item['revised_prompt'] : null;
			if ( is_string( $item['b64_json'] ?? null ) ) {
				$bytes = base64_decode( $item['b64_json'], true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- the provider sends images as base64 (b64_json), as the OpenAI API defines.
				if ( false === $bytes || '' === $bytes ) {
					throw ProviderErrors::bad_response( 'image without data' );
				}
				$images[] = GeneratedImage::from_bytes( $bytes, $revised );
			} elseif ( is_string( $item['url'] ?? null ) ) {
				$images[] = $download->fetch( $item['url'], $revised );
			} else {
				throw ProviderErrors::bad_response( 'image without data' );
			}
		}
		if ( array() === $images ) {
			throw ProviderErrors::bad_response( 'no images' );
		}
		$usage = is_array( $response['usage'] ?? null ) ? $response['usage'] : array();
		return new ImageBatch( $images, (int) ( $usage['input_tokens'] ?? $usage['prompt_tokens'] ?? 0 ), (int) ( $usage['output_tokens'] ?? $usage['completion_tokens'] ?? 0 ) );
	}

	public function models(): array {
		$config   = $this->config();
		$response = $this->decode( $this->send( $config, 'GET', '/models', null ) );
		$ids      = array();
		foreach ( (array) ( $response['data'] ?? array() ) as $model ) {
			if ( is_array( $model ) && is_string( $model['id'] ?? null ) ) {
				$ids[] = $model['id'];
			}
		}
		sort( $ids );
		return $ids;
	}

	private function config(): ProviderConfig {
		return ( $this->config )();
	}

	/**
	 * @param array<string, mixed> $body Request body.
	 */
	private function chat_plain( ProviderConfig $config, array $body ): ChatResult {
		$response = $this->post_json( $config, '/chat/completions', $body );
		return $this->chat_result( $response );
	}

	/**
	 * @param array<string, mixed> $response Decoded chat completion.
	 */
	private function chat_result( array $response ): ChatResult {
		$choice  = is_array( $response['choices'][0] ?? null ) ? $response['choices'][0] : null;
		$content = $choice['message']['content'] ?? null;
		if ( null === $choice || ! is_string( $content ) ) {
			throw ProviderErrors::bad_response( 'no message' );
		}
		$usage = is_array( $response['usage'] ?? null ) ? $response['usage'] : array();
		return new ChatResult( $content, (int) ( $usage['prompt_tokens'] ?? 0 ), (int) ( $usage['completion_tokens'] ?? 0 ), is_string( $choice['finish_reason'] ?? null ) ? $choice['finish_reason'] : null );
	}

	/**
	 * Streams a completion: SSE `data:` lines are parsed as the body arrives (Requests' `request.progress` hook,
	 * which WordPress re-fires as the `requests-request.progress` action).
	 *
	 * @param array<string, mixed>   $body     Request body.
	 * @param callable(string): void $on_delta Receives the text so far.
	 */
	private function chat_streamed( ProviderConfig $config, array $body, callable $on_delta ): ChatResult {
		$body['stream']         = true;
		$body['stream_options'] = array( 'include_usage' => true );

		$parser   = new SseParser();
		$last     = 0.0;
		$sent     = '';
		$received = false;
		$progress = static function ( $data ) use ( $parser, $on_delta, &$last, &$sent, &$received ): void {
			$received = true;
			if ( ! $parser->feed( (string) $data ) ) {
				return;
			}
			$now = microtime( true ) * 1000;
			if ( $now - $last >= self::DELTA_INTERVAL_MS ) {
				$last = $now;
				$sent = $parser->text();
				$on_delta( $sent );
			}
		};

		try {
			$raw = $this->send( $config, 'POST', '/chat/completions', $body, $progress, $received );
		} catch ( RetryableJobError $broke_off ) {
			// The answer stopped part-way (stalled, cut): what arrived is still shown as partial output.
			if ( $parser->text() !== $sent ) {
				$on_delta( $parser->text() );
			}
			throw $broke_off;
		}
		$parser->finish();

		$type = strtolower( (string) wp_remote_retrieve_header( $raw, 'content-type' ) );
		if ( ! $parser->saw_event() && ! str_contains( $type, 'event-stream' ) ) {
			// The server ignored "stream" and answered one JSON document.
			$result = $this->chat_result( $this->decode( $raw ) );
			$on_delta( $result->text );
			return $result;
		}
		if ( ! $parser->is_complete() ) {
			throw ProviderErrors::bad_response( 'the stream ended early' );
		}
		if ( $parser->malformed_count() > 0 && '' === $parser->text() ) {
			throw ProviderErrors::bad_response( 'malformed stream' );
		}
		if ( $parser->text() !== $sent ) {
			$on_delta( $parser->text() );
		}
		return $parser->result();
	}

	/**
	 * @param array<string, mixed> $body Request body.
	 * @return array<string, mixed>
	 */
	private function post_json( ProviderConfig $config, string $path, array $body ): array {
		return $this->decode( $this->send( $config, 'POST', $path, $body ) );
	}

	/**
	 * @param array<string, mixed> $response A successful response from send().
	 * @return array<string, mixed>
	 */
	private function decode( array $response ): array {
		$data = json_decode( (string) wp_remote_retrieve_body( $response ), true );
		if ( ! is_array( $data ) ) {
			throw ProviderErrors::bad_response( 'malformed JSON' );
		}
		return $data;
	}

	/**
	 * Sends one request; returns the response when the status is 2xx, throws the classified error otherwise.
	 *
	 * @param array<string, mixed>|null  $body     JSON body.
	 * @param (callable(mixed): void)|null $progress Receives body bytes as they arrive.
	 * @param bool                       $received Set when any body bytes arrived before a failure.
	 * @return array<string, mixed>
	 */
	private function send( ProviderConfig $config, string $method, string $path, ?array $body, ?callable $progress = null, bool &$received = false ): array {
		if ( '' === $config->base_url ) {
			throw new PermanentJobError( __( 'No AI provider is configured. Set its base URL in the AI Content Pipeline settings.', 'iacp' ), 'provider_not_configured' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
		$marker  = wp_generate_uuid4();
		$headers = array( 'Accept' => null !== $progress ? 'text/event-stream, application/json' : 'application/json' );
		if ( '' !== $config->api_key ) {
			$headers['Authorization'] = 'Bearer ' . $config->api_key;
		}
		$args = array(
			'method'       => $method,
			'timeout'      => self::TRANSFER_LIMIT_SECONDS,
			// The request carries the key: a redirect is reported, never followed (see ProviderErrors::from_status()).
			'redirection'  => 0,
			'httpversion'  => '1.1',
			'headers'      => $headers,
			'iacp_request' => $marker,
		);
		if ( null !== $body ) {
			$args['headers']['Content-Type'] = 'application/json';
			$args['body']                    = (string) wp_json_encode( $body );
		}

		$received = false;
		/** @var \Throwable|null $stopped_by Set by a handler's exception during the stream. */
		$stopped_by = null;
		$watch      = new TransferWatch( $config->read_timeout, $config->idle_timeout );
		$on_curl    = static function ( $handle, $request_args ) use ( $config, $marker, $watch, &$stopped_by ): void {
			// WordPress only passes one timeout; set the connect timeout on this request's own handle.
			if ( is_array( $request_args ) && ( $request_args['iacp_request'] ?? null ) === $marker && $handle instanceof \CurlHandle ) {
				curl_setopt( $handle, CURLOPT_CONNECTTIMEOUT_MS, (int) ( $config->connect_timeout * 1000 ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- an option the HTTP API has no argument for, set on the handle it passes to http_api_curl.
				$watch->watch_curl( $handle, $stopped_by );
			}
		};
		$on_bytes   = static function ( $data ) use ( $progress, &$received, &$stopped_by ): void {
			$received = true;
			if ( null === $progress || null !== $stopped_by ) {
				return;
			}
			try {
				$progress( $data );
			} catch ( \Throwable $e ) {
				$stopped_by = $e;
			}
		};
		$progress_h = 'requests-request.progress';
		add_action( 'http_api_curl', $on_curl, 10, 2 );
		add_action( $progress_h, $on_bytes, 10, 1 );
		try {
			$response = wp_remote_request( $config->base_url . $path, $args );
		} finally {
			remove_action( 'http_api_curl', $on_curl, 10 );
			remove_action( $progress_h, $on_bytes, 10 );
		}
		if ( null !== $stopped_by ) {
			throw $stopped_by;
		}
		$watch->finish();

		if ( is_wp_error( $response ) ) {
			// The key is never part of what is stored or shown, whatever the transport or the provider echoes.
			throw $watch->error() ?? ProviderErrors::from_transport( new \WP_Error( 'http_request_failed', ErrorRedaction::without_secret( $response->get_error_message(), $config->api_key ) ), $received ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
		$status = (int) wp_remote_retrieve_response_code( $response );
		if ( $status < 200 || $status >= 300 ) {
			$raw_headers = wp_remote_retrieve_headers( $response );
			$headers_out = array();
			foreach ( ( $raw_headers instanceof \WpOrg\Requests\Utility\CaseInsensitiveDictionary ? $raw_headers->getAll() : (array) $raw_headers ) as $name => $value ) {
				$headers_out[ strtolower( (string) $name ) ] = is_array( $value ) ? array_values( array_map( 'strval', $value ) ) : (string) $value;
			}
			throw ProviderErrors::from_status( $status, ErrorRedaction::without_secret( (string) wp_remote_retrieve_body( $response ), $config->api_key ), $headers_out ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
		return $response;
	}
}
