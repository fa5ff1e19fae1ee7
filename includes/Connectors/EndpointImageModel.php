<?php
/**
 * An image model of the "OpenAI-compatible endpoint" connector: image generations at the configured base URL.
 * Models that refuse `response_format` (gpt-image-1 and its family, per the plugin's capability table) do not get
 * it; they answer base64 anyway.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Connectors;

use IACP\Providers\ImageModelCapabilities;
use WordPress\AiClient\Providers\Http\DTO\Request;
use WordPress\AiClient\Providers\Http\Enums\HttpMethodEnum;
use WordPress\AiClient\Providers\OpenAiCompatibleImplementation\AbstractOpenAiCompatibleImageGenerationModel;

final class EndpointImageModel extends AbstractOpenAiCompatibleImageGenerationModel {

	/**
	 * @param array<string, string|list<string>> $headers Request headers.
	 * @param array<string, mixed>|string|null   $data    Request data.
	 */
	protected function createRequest( HttpMethodEnum $method, string $path, array $headers = array(), $data = null ): Request {
		return new Request( $method, EndpointProvider::url( $path ), $headers, $data, $this->getRequestOptions() );
	}

	/**
	 * @param list<\WordPress\AiClient\Messages\DTO\Message> $prompt The prompt.
	 * @return array<string, mixed>
	 */
	protected function prepareGenerateImageParams( array $prompt ): array {
		$params = parent::prepareGenerateImageParams( $prompt );
		if ( false === ImageModelCapabilities::for_model( $this->metadata()->getId() )->response_format ) {
			unset( $params['response_format'] );
		}
		return $params;
	}
}
