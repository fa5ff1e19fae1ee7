<?php
/**
 * The connector is configured when a base URL is set and the endpoint lists its models with the key it has.
 * No base URL: no request at all (other plugins' prompts ask every provider whether it is configured).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Connectors;

use WordPress\AiClient\Providers\Contracts\ModelMetadataDirectoryInterface;
use WordPress\AiClient\Providers\Contracts\ProviderAvailabilityInterface;

final class EndpointAvailability implements ProviderAvailabilityInterface {

	public function __construct( private readonly ModelMetadataDirectoryInterface $models ) {}

	public function isConfigured(): bool {
		if ( '' === EndpointAddress::base_url() ) {
			return false;
		}
		try {
			$this->models->listModelMetadata();
			return true;
		} catch ( \Exception $e ) {
			return false;
		}
	}
}
