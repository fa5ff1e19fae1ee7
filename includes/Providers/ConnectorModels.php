<?php
/**
 * The models the core AI client can use for text or for images: those of configured connectors that report the
 * capability. The settings screen offers them; a job names one as "connector/model".
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

use WordPress\AiClient\AiClient;
use WordPress\AiClient\Providers\Models\DTO\ModelRequirements;
use WordPress\AiClient\Providers\Models\Enums\CapabilityEnum;

final class ConnectorModels {

	/**
	 * @param 'text'|'image' $kind What the model must make.
	 * @return list<array{value: string, label: string}> "connector/model" and "Connector: Model".
	 */
	public static function for_kind( string $kind ): array {
		if ( ! ProviderSource::has_ai_client() ) {
			return array();
		}
		$capability = 'image' === $kind ? CapabilityEnum::imageGeneration() : CapabilityEnum::textGeneration();
		$models     = array();
		try {
			$found = AiClient::defaultRegistry()->findModelsMetadataForSupport( new ModelRequirements( array( $capability ), array() ) );
		} catch ( \Exception $e ) {
			return array();
		}
		foreach ( $found as $provider_models ) {
			$provider = $provider_models->getProvider();
			foreach ( $provider_models->getModels() as $model ) {
				$models[] = array(
					'value' => $provider->getId() . '/' . $model->getId(),
					'label' => $provider->getName() . ': ' . $model->getName(),
				);
			}
		}
		return $models;
	}

	/**
	 * Splits "connector/model" at the first slash (connector ids have none; model ids may).
	 *
	 * @return array{0: string, 1: string}|null
	 */
	public static function split( string $choice ): ?array {
		$slash = strpos( $choice, '/' );
		if ( false === $slash || 0 === $slash || strlen( $choice ) - 1 === $slash ) {
			return null;
		}
		return array( substr( $choice, 0, $slash ), substr( $choice, $slash + 1 ) );
	}
}
