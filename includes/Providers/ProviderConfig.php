<?php
/**
 * Everything needed to reach the provider, read from the settings at the time of each request.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

use IACP\Settings\ApiKeyStore;
use IACP\Settings\Settings;

final class ProviderConfig {

	public function __construct(
		public readonly string $base_url,
		public readonly string $api_key,
		public readonly string $text_model,
		public readonly string $image_model,
		public readonly float $connect_timeout,
		public readonly float $read_timeout,
		public readonly float $idle_timeout = 30.0
	) {}

	public static function from_settings( Settings $settings, ApiKeyStore $keys ): self {
		return new self(
			untrailingslashit( (string) $settings->get( 'provider_base_url' ) ),
			$keys->key(),
			(string) $settings->get( 'text_model' ),
			(string) $settings->get( 'image_model' ),
			(float) $settings->int( 'connect_timeout' ),
			(float) $settings->int( 'read_timeout' ),
			(float) $settings->int( 'idle_timeout' )
		);
	}

	/**
	 * Seconds a request may hold a provider slot before it counts as abandoned (a crashed worker's slot frees itself).
	 */
	public function slot_lease_seconds(): int {
		return (int) ceil( $this->connect_timeout + $this->read_timeout ) + 30;
	}
}
