<?php
/**
 * What JobQueue::enqueue() gives back: the job, and whether this call created it (false: an idempotency key
 * matched an existing job, which is returned as it is).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

final class EnqueueResult {

	public function __construct(
		public readonly Job $job,
		public readonly bool $created
	) {}
}
