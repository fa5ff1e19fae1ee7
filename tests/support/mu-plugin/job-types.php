<?php
/**
 * Test job handlers (loaded on iacp_register_job_types, once the plugin's classes are available).
 *
 * @package IACP
 */

declare( strict_types=1 );

use IACP\Jobs\Job;
use IACP\Jobs\JobContext;
use IACP\Jobs\JobHandler;
use IACP\Jobs\PermanentJobError;
use IACP\Jobs\RetryableJobError;

final class IACP_Test_Noop_Job implements JobHandler {

	public function input_schema(): array {
		return array(
			'type'       => 'object',
			'properties' => array(
				'value' => array( 'type' => array( 'string', 'integer' ) ),
			),
		);
	}

	public function time_limit(): int {
		return 60;
	}

	public function default_max_attempts(): int {
		return 3;
	}

	public function handle( Job $job, JobContext $context ): array {
		return array(
			'ok'    => true,
			'input' => $job->input,
		);
	}
}

final class IACP_Test_Count_Job implements JobHandler {

	public function input_schema(): array {
		return array(
			'type'       => 'object',
			'properties' => array(
				'n' => array( 'type' => 'integer' ),
			),
		);
	}

	public function time_limit(): int {
		return 60;
	}

	public function default_max_attempts(): int {
		return 3;
	}

	public function handle( Job $job, JobContext $context ): array {
		iacptest_record_effect( $job->public_id, $job->type, $context->attempt() );
		return array( 'counted' => true );
	}
}

final class IACP_Test_Sleep_Job implements JobHandler {

	public function __construct( private readonly int $time_limit ) {}

	public function input_schema(): array {
		return array(
			'type'                 => 'object',
			'properties'           => array(
				'ms'      => array(
					'type'     => 'integer',
					'minimum'  => 0,
					'maximum'  => 600000,
					'required' => true,
				),
				'step_ms' => array(
					'type'    => 'integer',
					'minimum' => 1,
					'default' => 50,
				),
			),
			'additionalProperties' => false,
		);
	}

	public function time_limit(): int {
		return $this->time_limit;
	}

	public function default_max_attempts(): int {
		return 3;
	}

	public function handle( Job $job, JobContext $context ): array {
		$total = (int) $job->input['ms'];
		$step  = (int) ( $job->input['step_ms'] ?? 50 );
		$start = microtime( true );
		$context->progress( 1, 'sleeping' );
		while ( ( $elapsed = ( microtime( true ) - $start ) * 1000 ) < $total ) {
			usleep( (int) min( $step, max( 1, $total - $elapsed ) ) * 1000 );
			$context->heartbeat();
			$context->progress( (int) min( 99, 100 * $elapsed / max( 1, $total ) ) );
		}
		iacptest_record_effect( $job->public_id, $job->type, $context->attempt() );
		return array( 'slept_ms' => (int) ( ( microtime( true ) - $start ) * 1000 ) );
	}
}

final class IACP_Test_Fail_Job implements JobHandler {

	public function input_schema(): array {
		return array(
			'type'       => 'object',
			'properties' => array(
				'mode'        => array(
					'type'     => 'string',
					'enum'     => array( 'permanent', 'retryable', 'exception', 'flaky' ),
					'required' => true,
				),
				'retry_after' => array( 'type' => 'integer' ),
				'fail_times'  => array( 'type' => 'integer' ),
			),
		);
	}

	public function time_limit(): int {
		return 60;
	}

	public function default_max_attempts(): int {
		return 3;
	}

	public function handle( Job $job, JobContext $context ): array {
		iacptest_record_effect( $job->public_id, $job->type, $context->attempt() );
		$retry_after = isset( $job->input['retry_after'] ) ? (int) $job->input['retry_after'] : null;
		switch ( $job->input['mode'] ) {
			case 'permanent':
				throw new PermanentJobError( 'Refused for good.', 'test_permanent' );
			case 'retryable':
				throw new RetryableJobError( 'Try later.', $retry_after, 'test_retryable' );
			case 'exception':
				throw new RuntimeException( 'Something broke.' );
			default:
				if ( $context->attempt() <= (int) ( $job->input['fail_times'] ?? 1 ) ) {
					throw new RetryableJobError( 'Flaky.', $retry_after, 'test_flaky' );
				}
				return array( 'succeeded_on' => $context->attempt() );
		}
	}
}
