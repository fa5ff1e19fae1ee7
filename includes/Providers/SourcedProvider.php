<?php
/**
 * The provider of the source in force at each call (ProviderSource): a long-running worker follows a change of the
 * setting without a restart.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

final class SourcedProvider implements AiProvider {

	public function __construct(
		private readonly ProviderSource $source,
		private readonly AiProvider $endpoint,
		private readonly AiProvider $connectors
	) {}

	public function chat( array $messages, array $options = array(), ?callable $on_delta = null ): ChatResult {
		return $this->current()->chat( $messages, $options, $on_delta );
	}

	public function images( string $prompt, string $size, int $count, array $options = array() ): ImageBatch {
		return $this->current()->images( $prompt, $size, $count, $options );
	}

	public function models(): array {
		return $this->current()->models();
	}

	private function current(): AiProvider {
		return ProviderSource::CONNECTORS === $this->source->current() ? $this->connectors : $this->endpoint;
	}
}
