<?php
/**
 * A text model of the "OpenAI-compatible endpoint" connector: chat completions at the configured base URL, within
 * the caller's request options (the timeout a worker sets).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Connectors;

use WordPress\AiClient\Providers\Http\DTO\Request;
use WordPress\AiClient\Providers\Http\Enums\HttpMethodEnum;
use WordPress\AiClient\Providers\OpenAiCompatibleImplementation\AbstractOpenAiCompatibleTextGenerationModel;

final class EndpointTextModel extends AbstractOpenAiCompatibleTextGenerationModel {

	/**
	 * @param array<string, string|list<string>> $headers Request headers.
	 * @param array<string, mixed>|string|null   $data    Request data.
	 */
	protected function createRequest( HttpMethodEnum $method, string $path, array $headers = array(), $data = null ): Request {
		return new Request( $method, EndpointProvider::url( $path ), $headers, $data, $this->getRequestOptions() );
	}
}
