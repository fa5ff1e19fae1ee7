<?php
/**
 * One generated image: raw bytes and their MIME type.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

final class GeneratedImage {

	public function __construct(
		public readonly string $bytes,
		public readonly string $mime,
		public readonly ?string $revised_prompt = null
	) {}

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
}
