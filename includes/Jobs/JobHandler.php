<?php
/**
 * What a job type implements: its input schema, its limits, and the work itself. A type may also implement
 * DeclaresCapability (who may start its jobs) and PreparesInput (what it adds to its input when queued).
 *
 * Register one with the `iacp_register_job_types` action:
 *     add_action( 'iacp_register_job_types', fn( $registry ) => $registry->register( 'my_type', new My_Handler() ) );
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

interface JobHandler {

	/**
	 * JSON Schema (the subset WordPress's rest_validate_value_from_schema() understands) for the job's input.
	 * Input is validated against it before anything is stored.
	 *
	 * @return array<string, mixed>
	 */
	public function input_schema(): array;

	/**
	 * Seconds one attempt may run. Past it the job fails with the code `timeout` instead of being retried.
	 */
	public function time_limit(): int;

	/**
	 * Attempts a job of this type gets unless the enqueuer asks for another number.
	 */
	public function default_max_attempts(): int;

	/**
	 * Does the work. Returns the result, stored as JSON. Throw RetryableJobError to try again later,
	 * PermanentJobError to fail at once; any other Throwable counts as retryable.
	 *
	 * @return array<string, mixed>
	 */
	public function handle( Job $job, JobContext $context ): array;
}
