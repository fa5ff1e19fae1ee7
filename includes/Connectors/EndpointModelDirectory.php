<?php
/**
 * The connector's models: `GET {base}/models`, each id read as a text or an image model (EndpointModelKinds), with
 * the options the OpenAI wire format carries. Cached by the client per base URL and key, so a new address or key
 * is asked afresh.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Connectors;

use WordPress\AiClient\Files\Enums\FileTypeEnum;
use WordPress\AiClient\Messages\Enums\ModalityEnum;
use WordPress\AiClient\Providers\Http\DTO\ApiKeyRequestAuthentication;
use WordPress\AiClient\Providers\Http\DTO\Request;
use WordPress\AiClient\Providers\Http\DTO\Response;
use WordPress\AiClient\Providers\Http\Enums\HttpMethodEnum;
use WordPress\AiClient\Providers\Http\Exception\ResponseException;
use WordPress\AiClient\Providers\Models\DTO\ModelMetadata;
use WordPress\AiClient\Providers\Models\DTO\SupportedOption;
use WordPress\AiClient\Providers\Models\Enums\CapabilityEnum;
use WordPress\AiClient\Providers\Models\Enums\OptionEnum;
use WordPress\AiClient\Providers\OpenAiCompatibleImplementation\AbstractOpenAiCompatibleModelMetadataDirectory;

final class EndpointModelDirectory extends AbstractOpenAiCompatibleModelMetadataDirectory {

	/**
	 * @param array<string, string|list<string>> $headers Request headers.
	 * @param array<string, mixed>|string|null   $data    Request data.
	 */
	protected function createRequest( HttpMethodEnum $method, string $path, array $headers = array(), $data = null ): Request {
		return new Request( $method, EndpointProvider::url( $path ), $headers, $data );
	}

	/**
	 * @return list<ModelMetadata>
	 */
	protected function parseResponseToModelMetadataList( Response $response ): array {
		$data = $response->getData();
		if ( ! is_array( $data ) || ! isset( $data['data'] ) || ! is_array( $data['data'] ) ) {
			throw ResponseException::fromMissingData( EndpointProvider::metadata()->getName(), 'data' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- the AI client's exception, turned into an error by its caller.
		}
		$models = array();
		foreach ( $data['data'] as $entry ) {
			if ( ! is_array( $entry ) || ! isset( $entry['id'] ) || ! is_string( $entry['id'] ) || '' === $entry['id'] ) {
				continue;
			}
			$models[] = EndpointModelKinds::makes_images( $entry['id'] ) ? self::image_model( $entry['id'] ) : self::text_model( $entry['id'] );
		}
		return $models;
	}

	protected function getBaseCacheKey(): string {
		try {
			$auth = $this->getRequestAuthentication();
			$key  = $auth instanceof ApiKeyRequestAuthentication ? $auth->getApiKey() : '';
		} catch ( \RuntimeException $e ) {
			$key = '';
		}
		// Another address or key is another list: never serve one endpoint's models for another.
		return parent::getBaseCacheKey() . '_' . md5( EndpointAddress::base_url() . "\n" . $key );
	}

	private static function text_model( string $id ): ModelMetadata {
		return new ModelMetadata(
			$id,
			$id,
			array( CapabilityEnum::textGeneration(), CapabilityEnum::chatHistory() ),
			array(
				new SupportedOption( OptionEnum::systemInstruction() ),
				new SupportedOption( OptionEnum::candidateCount() ),
				new SupportedOption( OptionEnum::maxTokens() ),
				new SupportedOption( OptionEnum::temperature() ),
				new SupportedOption( OptionEnum::topP() ),
				new SupportedOption( OptionEnum::stopSequences() ),
				new SupportedOption( OptionEnum::presencePenalty() ),
				new SupportedOption( OptionEnum::frequencyPenalty() ),
				new SupportedOption( OptionEnum::functionDeclarations() ),
				new SupportedOption( OptionEnum::outputMimeType(), array( 'text/plain', 'application/json' ) ),
				new SupportedOption( OptionEnum::outputSchema() ),
				new SupportedOption( OptionEnum::customOptions() ),
				new SupportedOption( OptionEnum::inputModalities(), array( array( ModalityEnum::text() ), array( ModalityEnum::text(), ModalityEnum::image() ) ) ),
				new SupportedOption( OptionEnum::outputModalities(), array( array( ModalityEnum::text() ) ) ),
			)
		);
	}

	private static function image_model( string $id ): ModelMetadata {
		return new ModelMetadata(
			$id,
			$id,
			array( CapabilityEnum::imageGeneration() ),
			array(
				new SupportedOption( OptionEnum::candidateCount() ),
				new SupportedOption( OptionEnum::outputFileType(), array( FileTypeEnum::inline(), FileTypeEnum::remote() ) ),
				new SupportedOption( OptionEnum::outputMimeType(), array( 'image/png', 'image/jpeg', 'image/webp' ) ),
				new SupportedOption( OptionEnum::outputMediaOrientation() ),
				new SupportedOption( OptionEnum::outputMediaAspectRatio(), array( '1:1', '3:2', '2:3', '7:4', '4:7' ) ),
				new SupportedOption( OptionEnum::customOptions() ),
				new SupportedOption( OptionEnum::inputModalities(), array( array( ModalityEnum::text() ) ) ),
				new SupportedOption( OptionEnum::outputModalities(), array( array( ModalityEnum::image() ) ) ),
			)
		);
	}
}
