<?php
/**
 * "OpenAI-compatible endpoint" in the core AI client (WordPress ≥ 7.0): any server that speaks the OpenAI wire format
 * (Ollama, LM Studio, vLLM, proxies) at a base URL of the site owner's choosing, for text and image generation.
 * Registered in the client's provider registry, so Settings → Connectors shows it as a card and manages its key.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Connectors;

use WordPress\AiClient\Providers\ApiBasedImplementation\AbstractApiProvider;
use WordPress\AiClient\Providers\Contracts\ModelMetadataDirectoryInterface;
use WordPress\AiClient\Providers\Contracts\ProviderAvailabilityInterface;
use WordPress\AiClient\Providers\DTO\ProviderMetadata;
use WordPress\AiClient\Providers\Enums\ProviderTypeEnum;
use WordPress\AiClient\Providers\Http\Enums\RequestAuthenticationMethod;
use WordPress\AiClient\Providers\Models\Contracts\ModelInterface;
use WordPress\AiClient\Providers\Models\DTO\ModelMetadata;

final class EndpointProvider extends AbstractApiProvider {

	/** Connector id; core derives the key's option, constant and environment variable names from it. */
	public const ID = 'iacp-openai-compatible';

	protected static function baseUrl(): string {
		return EndpointAddress::base_url();
	}

	protected static function createModel( ModelMetadata $model_metadata, ProviderMetadata $provider_metadata ): ModelInterface {
		foreach ( $model_metadata->getSupportedCapabilities() as $capability ) {
			if ( $capability->isImageGeneration() ) {
				return new EndpointImageModel( $model_metadata, $provider_metadata );
			}
		}
		return new EndpointTextModel( $model_metadata, $provider_metadata );
	}

	protected static function createProviderMetadata(): ProviderMetadata {
		return new ProviderMetadata(
			self::ID,
			__( 'OpenAI-compatible endpoint', 'iacp' ),
			ProviderTypeEnum::server(),
			null,
			RequestAuthenticationMethod::apiKey(),
			__( 'Text and image generation with any OpenAI-compatible API (Ollama, LM Studio, vLLM, proxies) at the base URL set in Settings → AI Content Pipeline. The key is optional.', 'iacp' )
		);
	}

	protected static function createProviderAvailability(): ProviderAvailabilityInterface {
		return new EndpointAvailability( static::modelMetadataDirectory() );
	}

	protected static function createModelMetadataDirectory(): ModelMetadataDirectoryInterface {
		return new EndpointModelDirectory();
	}
}
