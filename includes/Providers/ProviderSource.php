<?php
/**
 * Where jobs get their AI: the site's AI connectors through the core AI client (WordPress ≥ 7.0), or the
 * OpenAI-compatible endpoint set in the plugin's settings (the only source before 7.0). Unchosen, it is the
 * connectors as soon as one is configured.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

use IACP\Settings\Settings;
use WordPress\AiClient\AiClient;

final class ProviderSource {

	public const CONNECTORS = 'connectors';
	public const ENDPOINT   = 'endpoint';

	public function __construct( private readonly Settings $settings ) {}

	/**
	 * Whether this WordPress has the core AI client (and so the choice).
	 */
	public static function has_ai_client(): bool {
		return function_exists( 'wp_ai_client_prompt' ) && class_exists( AiClient::class );
	}

	/**
	 * The source in force now.
	 */
	public function current(): string {
		if ( ! self::has_ai_client() ) {
			return self::ENDPOINT;
		}
		$chosen = (string) $this->settings->get( 'provider_source' );
		if ( '' !== $chosen ) {
			return $chosen;
		}
		return array() !== self::configured_connectors() ? self::CONNECTORS : self::ENDPOINT;
	}

	/**
	 * AI connectors the core registry reports as configured.
	 *
	 * @return list<string> Their ids.
	 */
	public static function configured_connectors(): array {
		if ( ! self::has_ai_client() ) {
			return array();
		}
		$registry   = AiClient::defaultRegistry();
		$configured = array();
		foreach ( $registry->getRegisteredProviderIds() as $id ) {
			if ( $registry->isProviderConfigured( $id ) ) {
				$configured[] = $id;
			}
		}
		return $configured;
	}
}
