<?php
/**
 * A flag a signal handler (SIGTERM, SIGINT) raises; the runner reads it between jobs and stops cleanly.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

final class StopSignal {

	private bool $requested = false;

	private ?int $signal = null;

	public function request( ?int $signal = null ): void {
		$this->requested = true;
		$this->signal    = $signal;
	}

	public function requested(): bool {
		return $this->requested;
	}

	public function signal(): ?int {
		return $this->signal;
	}
}
