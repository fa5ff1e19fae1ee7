<?php
/**
 * The queue's tunables, read from the settings (and filters) when needed, so a daemon sees changes.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Jobs\JobStatus;
use IACP\Settings\Settings;

final class QueueConfig {

	public function __construct( private readonly Settings $settings ) {}

	/**
	 * Seconds a worker holds a job of this type between heartbeats.
	 */
	public function lease_seconds( string $type ): int {
		/**
		 * Filters the lease length of a job type, in seconds.
		 *
		 * @param int    $seconds From the lease_seconds setting.
		 * @param string $type    Job type.
		 */
		return max( 1, (int) apply_filters( 'iacp_lease_seconds', $this->settings->int( 'lease_seconds' ), $type ) );
	}

	public function pending_ttl_seconds(): int {
		return $this->settings->int( 'pending_ttl_seconds' );
	}

	public function retry_base_seconds(): int {
		return max( 1, $this->settings->int( 'retry_base_seconds' ) );
	}

	public function retry_cap_seconds(): int {
		return max( 1, $this->settings->int( 'retry_cap_seconds' ) );
	}

	/**
	 * The longest text any field of a job's input may hold.
	 */
	public function max_prompt_chars(): int {
		return max( 1, $this->settings->int( 'max_prompt_chars' ) );
	}

	public function default_max_attempts(): int {
		return max( 1, $this->settings->int( 'default_max_attempts' ) );
	}

	/**
	 * Days a finished job of this status is kept.
	 */
	public function retention_days( string $status ): int {
		return JobStatus::COMPLETED === $status
			? $this->settings->int( 'retention_completed_days' )
			: $this->settings->int( 'retention_failed_days' );
	}
}
