<?php
/**
 * The bench's job types (bin/bench/mu-plugin.php registers them): one handler class, each type its own input field,
 * limits and work. Loaded on `iacp_register_job_types`, when the plugin's classes exist.
 *
 * @package IACP
 */

declare( strict_types=1 );

/**
 * A bench job type: an integer input field, a time limit, attempts, and what it does.
 */
final class IACP_Bench_Job implements IACP\Jobs\JobHandler {

	/**
	 * @param Closure(IACP\Jobs\Job, IACP\Jobs\JobContext): array<string, mixed> $work The job's work.
	 */
	public function __construct(
		private readonly string $field,
		private readonly int $limit,
		private readonly int $attempts,
		private readonly Closure $work
	) {}

	public function input_schema(): array {
		return array(
			'type'       => 'object',
			'properties' => array(
				$this->field => array( 'type' => 'integer' ),
			),
		);
	}

	public function time_limit(): int {
		return $this->limit;
	}

	public function default_max_attempts(): int {
		return $this->attempts;
	}

	public function handle( IACP\Jobs\Job $job, IACP\Jobs\JobContext $context ): array {
		return ( $this->work )( $job, $context );
	}
}
