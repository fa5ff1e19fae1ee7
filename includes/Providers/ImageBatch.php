<?php
/**
 * The images one generation request returned, with the tokens it used (0 when the provider does not say).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

final class ImageBatch {

	/**
	 * @param list<GeneratedImage> $images Images, in the provider's order.
	 */
	public function __construct(
		public readonly array $images,
		public readonly int $prompt_tokens = 0,
		public readonly int $completion_tokens = 0
	) {}
}
