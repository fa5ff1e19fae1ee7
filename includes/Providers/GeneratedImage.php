<?php
/**
 * One generated image: a temporary file whose content was sniffed (PNG, JPEG, WebP or GIF only) and its MIME type.
 * The file belongs to this object: moved away with move_to(), or deleted when the object goes.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

use IACP\Files\DirectFilesystem;

final class GeneratedImage {

	/** What the content may be, by its bytes (never by a name or a header the provider chose). */
	public const TYPES = array( 'image/png', 'image/jpeg', 'image/webp', 'image/gif' );

	private function __construct(
		public readonly string $file,
		public readonly string $mime,
		public readonly ?string $revised_prompt
	) {}

	/**
	 * Takes over a temporary file after sniffing it; deletes it and throws when it is not an allowed image.
	 */
	public static function from_file( string $file, ?string $revised_prompt = null ): self {
		$mime = is_file( $file ) ? wp_get_image_mime( $file ) : false;
		$size = false !== $mime ? @getimagesize( $file ) : false; // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- a corrupt image from the provider must fail the check below, not warn.
		if ( false === $mime || ! in_array( $mime, self::TYPES, true ) || false === $size || $size[0] < 1 || $size[1] < 1 ) {
			wp_delete_file( $file );
			throw ProviderErrors::bad_response( 'not an image' );
		}
		return new self( $file, $mime, $revised_prompt );
	}

	/**
	 * Writes bytes (a base64 answer) to a temporary file, then as from_file().
	 */
	public static function from_bytes( string $bytes, ?string $revised_prompt = null ): self {
		$file = self::temporary_file();
		DirectFilesystem::get()->put_contents( $file, $bytes, DirectFilesystem::file_mode() );
		return self::from_file( $file, $revised_prompt );
	}

	/**
	 * An empty file in WordPress's temporary folder.
	 */
	public static function temporary_file(): string {
		$file = tempnam( get_temp_dir(), 'iacp-image-' );
		if ( false === $file ) {
			throw new \RuntimeException( 'Cannot create a temporary file.' );
		}
		return $file;
	}

	public function bytes(): string {
		return (string) DirectFilesystem::get()->get_contents( $this->file );
	}

	/**
	 * Moves the file to its place (rename, or copy across file systems).
	 */
	public function move_to( string $path ): bool {
		return DirectFilesystem::get()->move( $this->file, $path, true );
	}

	/**
	 * File extension for the MIME type.
	 */
	public function extension(): string {
		return match ( $this->mime ) {
			'image/jpeg' => 'jpg',
			'image/webp' => 'webp',
			'image/gif' => 'gif',
			default => 'png',
		};
	}

	public function __destruct() {
		if ( is_file( $this->file ) ) {
			wp_delete_file( $this->file );
		}
	}
}
