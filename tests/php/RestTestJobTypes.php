<?php
/**
 * Job types for REST tests, registered in-process: one needing iacp_generate_text, one needing
 * iacp_generate_images. They are never run by a worker here.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests;

use IACP\Jobs\Job;
use IACP\Jobs\JobContext;
use IACP\Jobs\JobHandler;

final class RestTestJobTypes {

	public const TEXT  = 'rest_probe';
	public const IMAGE = 'rest_probe_image';

	public static function ensure_registered(): void {
		$registry = iacp()->job_types();
		foreach ( array( self::TEXT, self::IMAGE ) as $type ) {
			if ( ! $registry->has( $type ) ) {
				$registry->register( $type, self::handler() );
			}
		}
		add_filter(
			'iacp_job_type_capability',
			static fn( string $capability, string $type ): string => self::IMAGE === $type ? 'iacp_generate_images' : $capability,
			10,
			2
		);
	}

	private static function handler(): JobHandler {
		return new class() implements JobHandler {
			public function input_schema(): array {
				return array(
					'type'                 => 'object',
					'required'             => array( 'prompt' ),
					'additionalProperties' => false,
					'properties'           => array(
						'prompt' => array(
							'type'      => 'string',
							'minLength' => 1,
						),
						'count'  => array(
							'type'    => 'integer',
							'minimum' => 1,
							'maximum' => 4,
						),
					),
				);
			}

			public function time_limit(): int {
				return 30;
			}

			public function default_max_attempts(): int {
				return 3;
			}

			public function handle( Job $job, JobContext $context ): array {
				return array( 'echo' => $job->input['prompt'] ?? '' );
			}
		};
	}
}
