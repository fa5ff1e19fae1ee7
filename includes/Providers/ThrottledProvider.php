<?php
/**
 * Puts every provider request through the shared ProviderThrottle: takes a slot first (waiting a moment for one to
 * free, else throwing DeferJob so the job waits as pending), keeps it alive while a stream runs, and gives it back.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

final class ThrottledProvider implements AiProvider {

	/** Seconds a job in hand waits for a free slot before it goes back to pending: under a third of the shortest lease (10 s). */
	private const SLOT_PATIENCE = 2.0;

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
		$token = $this->throttle->acquire( $lease, self::SLOT_PATIENCE );
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
		$token = $this->throttle->acquire( ( $this->lease_seconds )(), self::SLOT_PATIENCE );
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
