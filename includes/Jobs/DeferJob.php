<?php
/**
 * Thrown by a handler that must wait (a shared provider limit is full): not an error. The runner should put the job
 * back to `pending` with available_at = now + seconds() and NOT count the attempt.
 *
 * It extends RetryableJobError so that a runner which does not know it yet still retries after seconds();
 * a runner that does know it must catch DeferJob before RetryableJobError.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

final class DeferJob extends RetryableJobError {

	public const CODE = 'deferred';

	/**
	 * @param int    $seconds Seconds to wait before the job may run again (at least 1).
	 * @param string $reason  Why, in words (for the job's log).
	 */
	public function __construct( private readonly int $seconds, string $reason = '' ) {
		parent::__construct( '' !== $reason ? $reason : 'Waiting for a free slot at the AI provider.', max( 1, $seconds ), self::CODE );
	}

	public function seconds(): int {
		return max( 1, $this->seconds );
	}
}
