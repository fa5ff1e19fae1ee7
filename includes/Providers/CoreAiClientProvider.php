<?php
/**
 * Jobs through the site's AI connectors (WordPress ≥ 7.0): every call goes to `wp_ai_client_prompt()`, from the
 * worker only, bounded by the job's time limit (set on this call's request options, never on the client's default
 * for other callers). The client does not stream: the whole answer, and so any partial output, arrives at the end.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

use IACP\Jobs\RetryableJobError;
use IACP\Settings\Settings;
use WordPress\AiClient\Files\Enums\FileTypeEnum;
use WordPress\AiClient\Messages\DTO\Message;
use WordPress\AiClient\Messages\DTO\MessagePart;
use WordPress\AiClient\Messages\Enums\MessageRoleEnum;
use WordPress\AiClient\Providers\Http\DTO\RequestOptions;
use WordPress\AiClient\Results\DTO\GenerativeAiResult;

final class CoreAiClientProvider implements AiProvider {

	/** Pixel sizes the client can ask for, as the aspect ratios it takes. */
	private const ASPECT_RATIOS = array(
		'1024x1024' => '1:1',
		'1536x1024' => '3:2',
		'1024x1536' => '2:3',
		'1792x1024' => '7:4',
		'1024x1792' => '4:7',
	);

	public function __construct( private readonly Settings $settings ) {}

	public function chat( array $messages, array $options = array(), ?callable $on_delta = null ): ChatResult {
		$system = array();
		$turns  = array();
		foreach ( $messages as $message ) {
			if ( 'system' === $message['role'] ) {
				$system[] = $message['content'];
				continue;
			}
			$role    = 'assistant' === $message['role'] ? MessageRoleEnum::model() : MessageRoleEnum::user();
			$turns[] = new Message( $role, array( new MessagePart( $message['content'] ) ) );
		}
		$timeout = (float) ( $options['timeout'] ?? $this->settings->int( 'read_timeout' ) );
		$prompt  = $this->prompt( $turns, 'connector_text_model', $timeout );
		if ( array() !== $system ) {
			$prompt->using_system_instruction( implode( "\n\n", $system ) );
		}
		if ( isset( $options['max_tokens'] ) ) {
			$prompt->using_max_tokens( (int) $options['max_tokens'] );
		}
		if ( isset( $options['temperature'] ) ) {
			$prompt->using_temperature( (float) $options['temperature'] );
		}
		$result = $this->generate( static fn() => $prompt->generate_text_result(), $timeout );
		$text   = $result->toText();
		if ( null !== $on_delta ) {
			$on_delta( $text );
		}
		$usage      = $result->getTokenUsage();
		$candidates = $result->getCandidates();
		return new ChatResult( $text, $usage->getPromptTokens(), $usage->getCompletionTokens(), isset( $candidates[0] ) ? (string) $candidates[0]->getFinishReason()->value : null );
	}

	public function images( string $prompt, string $size, int $count, array $options = array() ): ImageBatch {
		$timeout = (float) ( $options['timeout'] ?? $this->settings->int( 'read_timeout' ) );
		$builder = $this->prompt( $prompt, 'connector_image_model', $timeout );
		$builder->as_output_file_type( FileTypeEnum::inline() );
		if ( isset( self::ASPECT_RATIOS[ $size ] ) ) {
			$builder->as_output_media_aspect_ratio( self::ASPECT_RATIOS[ $size ] );
		}
		if ( $count > 1 ) {
			$builder->using_candidate_count( $count );
		}
		$result = $this->generate( static fn() => $builder->generate_image_result(), $timeout );
		$images = array();
		foreach ( $result->toImageFiles() as $file ) {
			if ( ! $file->isInline() ) {
				$images[] = ( new ImageDownload( '', $timeout ) )->fetch( (string) $file->getUrl() );
				continue;
			}
			$bytes = base64_decode( (string) $file->getBase64Data(), true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- the AI client hands inline images over as base64.
			if ( false === $bytes ) {
				throw ProviderErrors::bad_response( 'image data is not base64' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
			}
			$images[] = GeneratedImage::from_bytes( $bytes );
		}
		$usage = $result->getTokenUsage();
		return new ImageBatch( $images, $usage->getPromptTokens(), $usage->getCompletionTokens() );
	}

	/**
	 * What an image job may ask of the chosen connector model: the capability table's answer for its id, limited to
	 * the sizes the client can ask for (as aspect ratios). No choice: an unknown model, the safe subset.
	 */
	public static function image_model( string $choice ): ImageModelSpec {
		$spec  = ImageModelCapabilities::for_model( ConnectorModels::split( $choice )[1] ?? '' );
		$sizes = array_values( array_intersect( $spec->sizes, array_keys( self::ASPECT_RATIOS ) ) );
		return new ImageModelSpec( $spec->model, array() !== $sizes ? $sizes : array( '1024x1024' ), $spec->max_count, $spec->response_format, $spec->known );
	}

	public function models(): array {
		return array_column( ConnectorModels::for_kind( 'text' ), 'value' );
	}

	/**
	 * A prompt for the chosen connector and model (if one is chosen), bounded by $timeout.
	 *
	 * @param string|list<Message> $content The prompt.
	 */
	private function prompt( string|array $content, string $model_setting, float $timeout ): \WP_AI_Client_Prompt_Builder {
		$prompt = wp_ai_client_prompt( $content );
		$prompt->using_request_options( RequestOptions::fromArray( array( RequestOptions::KEY_TIMEOUT => $timeout ) ) );
		$choice = ConnectorModels::split( (string) $this->settings->get( $model_setting ) );
		if ( null !== $choice ) {
			$prompt->using_provider( $choice[0] );
			$prompt->using_model_preference( $choice );
		}
		return $prompt;
	}

	/**
	 * Runs a generation under a TransferWatch (lease, time limit, cancel) and turns a WP_Error into a job error.
	 *
	 * @param callable(): (GenerativeAiResult|\WP_Error) $generate The generating call.
	 */
	private function generate( callable $generate, float $timeout ): GenerativeAiResult {
		$call   = new WatchedCall( new TransferWatch( $timeout, (float) $this->settings->int( 'idle_timeout' ) ) );
		$result = $call->run( $generate );
		if ( $result instanceof \WP_Error ) {
			throw $call->watch_error() ?? CoreAiClientErrors::from_wp_error( $result, $call->last_headers() ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
		if ( ! $result instanceof GenerativeAiResult ) {
			throw new RetryableJobError( __( 'The WordPress AI client returned no result; the job will try again.', 'iacp' ), null, 'provider_bad_response' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
		return $result;
	}
}
