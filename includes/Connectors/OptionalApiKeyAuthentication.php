<?php
/**
 * An API key that may be empty: local servers (Ollama, LM Studio) take none, and then no Authorization header is sent.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Connectors;

use WordPress\AiClient\Providers\Http\DTO\ApiKeyRequestAuthentication;
use WordPress\AiClient\Providers\Http\DTO\Request;

final class OptionalApiKeyAuthentication extends ApiKeyRequestAuthentication {

	public function authenticateRequest( Request $request ): Request {
		return '' === $this->getApiKey() ? $request : parent::authenticateRequest( $request );
	}
}
