<?php
/**
 * The AI provider's API key: write-only, encrypted at rest with libsodium under a key derived from the site's salts.
 * A key defined as the PHP constant or environment variable IACP_API_KEY overrides the stored one.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Settings;

final class ApiKeyStore {

	public const OPTION   = 'iacp_api_key';
	public const CONSTANT = 'IACP_API_KEY';

	/**
	 * Where the key in use comes from: constant, environment, stored, or none.
	 */
	public function source(): string {
		if ( defined( self::CONSTANT ) && '' !== (string) constant( self::CONSTANT ) ) {
			return 'constant';
		}
		if ( '' !== (string) getenv( self::CONSTANT ) ) {
			return 'environment';
		}
		return '' !== $this->stored() ? 'stored' : 'none';
	}

	public function is_set(): bool {
		return 'none' !== $this->source();
	}

	/**
	 * The key to send to the provider ('' when none). Only the provider calls this; it never reaches a response.
	 */
	public function key(): string {
		return match ( $this->source() ) {
			'constant' => (string) constant( self::CONSTANT ),
			'environment' => (string) getenv( self::CONSTANT ),
			default => $this->stored(),
		};
	}

	/**
	 * Stores a key encrypted; an empty string removes it.
	 */
	public function save( string $key ): void {
		$key = trim( $key );
		if ( '' === $key ) {
			delete_option( self::OPTION );
			return;
		}
		$nonce  = random_bytes( SODIUM_CRYPTO_SECRETBOX_NONCEBYTES );
		$sealed = sodium_crypto_secretbox( $key, $nonce, $this->encryption_key() );
		update_option( self::OPTION, base64_encode( $nonce . $sealed ), false ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- the sealed key is binary; base64 lets the option store it.
	}

	private function stored(): string {
		$raw = base64_decode( (string) get_option( self::OPTION, '' ), true ); // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_decode -- reads back the sealed key stored above.
		if ( false === $raw || strlen( $raw ) <= SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ) {
			return '';
		}
		$plain = sodium_crypto_secretbox_open(
			substr( $raw, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ),
			substr( $raw, 0, SODIUM_CRYPTO_SECRETBOX_NONCEBYTES ),
			$this->encryption_key()
		);
		// Salts changed since the key was stored: it cannot be read back and must be entered again.
		return false === $plain ? '' : $plain;
	}

	private function encryption_key(): string {
		return sodium_crypto_generichash( wp_salt( 'secure_auth' ) . '|iacp-api-key', '', SODIUM_CRYPTO_SECRETBOX_KEYBYTES );
	}
}
