<?php
/**
 * A finished chat completion.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

final class ChatResult {

	public function __construct(
		public readonly string $text,
		public readonly int $prompt_tokens,
		public readonly int $completion_tokens,
		public readonly ?string $finish_reason
	) {}
}
