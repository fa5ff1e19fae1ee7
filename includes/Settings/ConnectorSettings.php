<?php
/**
 * What the settings screen needs to know about WordPress's AI connectors (7.0 and later): whether the core AI client
 * is there (else the provider source choice is not shown), the source in force, the connector models for text and
 * for images, and where the "OpenAI-compatible endpoint" connector's address comes from.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Settings;

use IACP\Connectors\EndpointAddress;
use IACP\Providers\ConnectorModels;
use IACP\Providers\ProviderSource;
use WP_Error;

final class ConnectorSettings {

	/**
	 * @return array<string, mixed>
	 */
	public static function current( Settings $settings ): array {
		if ( ! ProviderSource::has_ai_client() ) {
			return array( 'ai_client' => false );
		}
		return array(
			'ai_client'                 => true,
			'provider_source_in_force'  => ( new ProviderSource( $settings ) )->current(),
			'connector_models'          => array(
				'text'  => ConnectorModels::for_kind( 'text' ),
				'image' => ConnectorModels::for_kind( 'image' ),
			),
			'connector_base_url_source' => EndpointAddress::source(),
		);
	}

	/**
	 * The read-only properties current() adds, for the settings route's schema.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public static function schema(): array {
		$choices = array(
			'type'  => 'array',
			'items' => array(
				'type'       => 'object',
				'properties' => array(
					'value' => array( 'type' => 'string' ),
					'label' => array( 'type' => 'string' ),
				),
			),
		);
		return array(
			'ai_client'                 => array(
				'description' => __( 'Whether this WordPress has the core AI client and its connectors (7.0 and later).', 'iacp' ),
				'type'        => 'boolean',
				'readonly'    => true,
				'context'     => array( 'edit' ),
			),
			'provider_source_in_force'  => array(
				'description' => __( 'Where jobs get their AI now.', 'iacp' ),
				'type'        => 'string',
				'enum'        => array( ProviderSource::CONNECTORS, ProviderSource::ENDPOINT ),
				'readonly'    => true,
				'context'     => array( 'edit' ),
			),
			'connector_models'          => array(
				'description' => __( 'Models of configured connectors, for text and for images.', 'iacp' ),
				'type'        => 'object',
				'properties'  => array(
					'text'  => $choices,
					'image' => $choices,
				),
				'readonly'    => true,
				'context'     => array( 'edit' ),
			),
			'connector_base_url_source' => array(
				'description' => __( 'Where the OpenAI-compatible endpoint connector\'s base URL comes from.', 'iacp' ),
				'type'        => 'string',
				'enum'        => array( 'env', 'constant', 'setting', 'none' ),
				'readonly'    => true,
				'context'     => array( 'edit' ),
			),
		);
	}

	/**
	 * Moving the connector's address moves where its key goes: only those who manage the site's connectors
	 * (`manage_options`, as Settings → Connectors) may do it.
	 *
	 * @param array<string, mixed> $changes Settings to change.
	 */
	public static function check_change( array $changes, Settings $settings ): true|WP_Error {
		if ( ! array_key_exists( 'connector_base_url', $changes ) || $changes['connector_base_url'] === $settings->get( 'connector_base_url' ) || current_user_can( 'manage_options' ) ) {
			return true;
		}
		return new WP_Error(
			'iacp_connector_forbidden',
			__( 'Only administrators who manage the site\'s connectors may change the connector\'s base URL.', 'iacp' ),
			array(
				'status' => 403,
				'field'  => 'connector_base_url',
			)
		);
	}
}
