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

	public function __construct( private readonly int $time_limit = 60 ) {}

	public function input_schema(): array {
		return array(
			'type'       => 'object',
			'properties' => array(
				'n'  => array( 'type' => 'integer' ),
				'ms'       => array(
					'type'    => 'integer',
					'minimum' => 0,
					'maximum' => 60000,
				),
				'after_ms'          => array(
					'type'    => 'integer',
					'minimum' => 0,
					'maximum' => 60000,
				),
				'report_time_limit' => array( 'type' => 'boolean' ),
			),
		);
	}

	public function time_limit(): int {
		return $this->time_limit;
	}

	public function default_max_attempts(): int {
		return 3;
	}

	public function handle( Job $job, JobContext $context ): array {
		if ( isset( $job->input['ms'] ) ) {
			usleep( (int) $job->input['ms'] * 1000 );
		}
		iacptest_record_effect( $job->public_id, $job->type, $context->attempt() );
		if ( isset( $job->input['after_ms'] ) ) {
			usleep( (int) $job->input['after_ms'] * 1000 );
		}
		// The time limit PHP gave this request, for web runner tests.
		return empty( $job->input['report_time_limit'] ) ? array( 'counted' => true ) : array(
			'counted'            => true,
			'max_execution_time' => (int) ini_get( 'max_execution_time' ),
		);
	}
}

/**
 * Keeps the CPU busy for ms of CPU time (PHP's max_execution_time counts CPU time on Linux), never calling heartbeat().
 */
final class IACP_Test_Burn_Job implements JobHandler {

	public function input_schema(): array {
		return array(
			'type'       => 'object',
			'required'   => array( 'ms' ),
			'properties' => array(
				'ms' => array(
					'type'    => 'integer',
					'minimum' => 1,
					'maximum' => 60000,
				),
			),
		);
	}

	public function time_limit(): int {
		return 1;
	}

	public function default_max_attempts(): int {
		return 1;
	}

	public function handle( Job $job, JobContext $context ): array {
		// CPU time, not wall time: that is what max_execution_time counts on Linux, whatever else the machine runs.
		$cpu   = static function (): float {
			$usage = getrusage();
			return $usage['ru_utime.tv_sec'] + $usage['ru_stime.tv_sec'] + ( $usage['ru_utime.tv_usec'] + $usage['ru_stime.tv_usec'] ) / 1e6;
		};
		$until = $cpu() + (int) $job->input['ms'] / 1000;
		$spins = 0;
		while ( $cpu() < $until ) {
			++$spins;
		}
		iacptest_record_effect( $job->public_id, $job->type, $context->attempt() );
		return array( 'spins' => $spins );
	}
}

/**
 * Stops the PHP process running it: memory exhausted, a fatal error, or exit().
 */
final class IACP_Test_Crash_Job implements JobHandler {

	public function input_schema(): array {
		return array(
			'type'       => 'object',
			'required'   => array( 'mode' ),
			'properties' => array(
				'mode'     => array(
					'type' => 'string',
					'enum' => array( 'memory', 'fatal', 'exit' ),
				),
				// Streams some text first, as a provider's answer would, so the attempt has something to pay for.
				'streamed' => array( 'type' => 'boolean' ),
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
		$context->progress( 10, 'about to stop the worker' );
		if ( ! empty( $job->input['streamed'] ) ) {
			$context->partial_output( str_repeat( 'Words the provider streamed. ', 40 ) );
		}
		switch ( $job->input['mode'] ) {
			case 'memory':
				$hoard = array();
				while ( true ) {
					$hoard[] = str_repeat( 'x', 4096 ) . count( $hoard );
				}
			case 'fatal':
				trigger_error( 'A handler that cannot go on.', E_USER_ERROR ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_trigger_error
				break;
			default:
				exit( 0 ); // phpcs:ignore WordPress.WP.AlternativeFunctions.exit_exit
		}
		return array( 'survived' => true );
	}
}

/**
 * One streamed chat request to the configured AI provider, with a time limit shorter than the read timeout.
 */
final class IACP_Test_Ai_Limited_Job implements JobHandler {

	public function input_schema(): array {
		return array(
			'type'       => 'object',
			'required'   => array( 'prompt' ),
			'properties' => array(
				'prompt' => array( 'type' => 'string' ),
			),
		);
	}

	public function time_limit(): int {
		return 3;
	}

	public function default_max_attempts(): int {
		return 1;
	}

	public function handle( Job $job, JobContext $context ): array {
		$context->progress( 10, 'asking' );
		$result = iacp()->ai_provider()->chat(
			array(
				array(
					'role'    => 'user',
					'content' => (string) $job->input['prompt'],
				),
			),
			array(),
			static fn( string $text ) => $context->partial_output( $text )
		);
		return array( 'text' => $result->text );
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
