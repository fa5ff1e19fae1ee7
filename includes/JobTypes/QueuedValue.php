<?php
/**
 * The value a field held when its job was queued: the `original` the type's prepare_input() stored, or, for a job
 * queued without it, the value read at its first attempt and checkpointed (later attempts use the checkpoint).
 * The "before" of every compare-and-set write (post fields, alt text).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\JobTypes;

use IACP\Jobs\Job;
use IACP\Jobs\JobContext;

final class QueuedValue {

	/**
	 * @param callable(): string $read Reads the field as it is now.
	 */
	public static function of( Job $job, JobContext $context, callable $read ): string {
		if ( isset( $job->input['original'] ) && is_string( $job->input['original'] ) ) {
			return $job->input['original'];
		}
		if ( is_array( $job->result ) && is_string( $job->result['original'] ?? null ) ) {
			return $job->result['original'];
		}
		$value = $read();
		$context->checkpoint( array( 'original' => $value ) );
		return $value;
	}
}
