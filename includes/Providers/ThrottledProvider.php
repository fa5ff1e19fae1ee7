<?php
/**
 * Puts every provider request through the shared ProviderThrottle: takes a slot first (or throws DeferJob so the
 * job waits as pending), keeps it alive while a stream runs, and gives it back afterwards.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

final class ThrottledProvider implements AiProvider {

	/**
	 * @param \Closure(): int $lease_seconds Slot lease length (from the timeouts in the settings).
	 */
	public function __construct(
		private readonly AiProvider $inner,
		private readonly ProviderThrottle $throttle,
		private readonly \Closure $lease_seconds
	) {}

	public function chat( array $messages, array $options = array(), ?callable $on_delta = null ): ChatResult {
		$lease = ( $this->lease_seconds )();
		$token = $this->throttle->acquire( $lease );
		try {
			$renewed = time();
			$wrapped = null === $on_delta ? null : function ( string $text ) use ( $on_delta, $token, $lease, &$renewed ): void {
				if ( time() - $renewed >= 10 ) {
					$renewed = time();
					$this->throttle->renew( $token, $lease );
				}
				$on_delta( $text );
			};
			return $this->inner->chat( $messages, $options, $wrapped );
		} finally {
			$this->throttle->release( $token );
		}
	}

	public function images( string $prompt, string $size, int $count, array $options = array() ): ImageBatch {
		$token = $this->throttle->acquire( ( $this->lease_seconds )() );
		try {
			return $this->inner->images( $prompt, $size, $count, $options );
		} finally {
			$this->throttle->release( $token );
		}
	}

	public function models(): array {
		// The settings screen's connection test is not a job: it does not wait for a slot.
		return $this->inner->models();
	}
}
