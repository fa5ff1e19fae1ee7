<?php
/**
 * Thrown by a handler when the job may succeed later: the queue retries it with backoff.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

class RetryableJobError extends \RuntimeException {

	/**
	 * @param string   $message     What went wrong, in words a user understands (the job's owner sees it).
	 * @param int|null $retry_after Seconds to wait before the next attempt (e.g. from a Retry-After header).
	 * @param string   $error_code  Machine-readable code, stored with the job.
	 * @param string   $detail      Technical detail (the provider's own words, a status): job log, managers only.
	 */
	public function __construct(
		string $message,
		private readonly ?int $retry_after = null,
		private readonly string $error_code = 'retryable_error',
		private readonly string $detail = ''
	) {
		parent::__construct( $message );
	}

	public function detail(): string {
		return $this->detail;
	}

	public function retry_after(): ?int {
		return $this->retry_after;
	}

	public function error_code(): string {
		return $this->error_code;
	}
}
