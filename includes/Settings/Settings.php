<?php
/**
 * The plugin's settings: one non-autoloaded option, typed defaults, and the schema that validates changes.
 * The API key is not here: see ApiKeyStore (write-only, encrypted at rest).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Settings;

final class Settings {

	public const OPTION = 'iacp_settings';

	/**
	 * Every setting: type, default, bounds. The REST settings route and the Settings screen use this schema.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public static function schema(): array {
		return array(
			'provider_base_url'            => array(
				'type'        => 'string',
				'format'      => 'uri',
				'pattern'     => '^https?://[^\\s]+$',
				// The `npm start` demo points at its local test AI server until an admin picks a real provider.
				'default'     => defined( 'IACP_DEMO_AI_BASE_URL' ) ? (string) IACP_DEMO_AI_BASE_URL : 'https://api.openai.com/v1',
				'description' => __( 'Base URL of an OpenAI-compatible API, ending in /v1.', 'iacp' ),
			),
			'text_model'                   => array(
				'type'        => 'string',
				'minLength'   => 1,
				'maxLength'   => 200,
				'default'     => 'gpt-4o-mini',
				'description' => __( 'Model for text jobs.', 'iacp' ),
			),
			'vision_model'                 => array(
				'type'        => 'string',
				'maxLength'   => 200,
				'default'     => '',
				'description' => __( 'Model that sees images (alt text jobs); empty means the text model.', 'iacp' ),
			),
			'image_model'                  => array(
				'type'        => 'string',
				'minLength'   => 1,
				'maxLength'   => 200,
				'default'     => 'gpt-image-1',
				'description' => __( 'Model for image jobs.', 'iacp' ),
			),
			'connect_timeout'              => array(
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => 60,
				'default'     => 10,
				'description' => __( 'Seconds to wait for the AI provider to accept a connection.', 'iacp' ),
			),
			'read_timeout'                 => array(
				'type'        => 'integer',
				'minimum'     => 5,
				'maximum'     => 600,
				'default'     => 120,
				'description' => __( 'Seconds to wait for the AI provider to start answering (a whole answer, when it is not streamed).', 'iacp' ),
			),
			'idle_timeout'                 => array(
				'type'        => 'integer',
				'minimum'     => 5,
				'maximum'     => 600,
				'default'     => 30,
				'description' => __( 'Seconds a streamed answer may pause before the job gives up on it and tries again.', 'iacp' ),
			),
			'image_format'                 => array(
				'type'        => 'string',
				'enum'        => array( 'png', 'jpeg', 'webp' ),
				'default'     => 'png',
				'description' => __( 'File format for generated images in the Media Library.', 'iacp' ),
			),
			'jpeg_quality'                 => array(
				'type'        => 'integer',
				'minimum'     => 10,
				'maximum'     => 100,
				'default'     => 90,
				'description' => __( 'JPEG/WebP quality for generated images.', 'iacp' ),
			),
			'retry_base_seconds'           => array(
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => 3600,
				'default'     => 5,
				'description' => __( 'First retry delay; each retry doubles it (with jitter).', 'iacp' ),
			),
			'retry_cap_seconds'            => array(
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => 86400,
				'default'     => 600,
				'description' => __( 'Longest delay between retries.', 'iacp' ),
			),
			'default_max_attempts'         => array(
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => 20,
				'default'     => 3,
				'description' => __( 'Attempts a job gets unless its type says otherwise.', 'iacp' ),
			),
			'pending_ttl_seconds'          => array(
				'type'        => 'integer',
				'minimum'     => 60,
				'maximum'     => 604800,
				'default'     => 900,
				'description' => __( 'A job not started within this time expires.', 'iacp' ),
			),
			'lease_seconds'                => array(
				'type'        => 'integer',
				'minimum'     => 10,
				'maximum'     => 3600,
				// Short, so a crashed worker's job restarts within seconds; live workers renew it every third of it.
				'default'     => 10,
				'description' => __( 'How long a worker holds a job between heartbeats before another may take it over.', 'iacp' ),
			),
			'retention_completed_days'     => array(
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => 3650,
				'default'     => 7,
				'description' => __( 'Days completed jobs are kept.', 'iacp' ),
			),
			'retention_failed_days'        => array(
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => 3650,
				'default'     => 30,
				'description' => __( 'Days failed, cancelled and expired jobs are kept.', 'iacp' ),
			),
			'max_prompt_chars'             => array(
				'type'        => 'integer',
				'minimum'     => 100,
				'maximum'     => 100000,
				'default'     => 8000,
				'description' => __( 'Longest prompt or source text a job accepts.', 'iacp' ),
			),
			'jobs_per_minute'              => array(
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => 10000,
				'default'     => 20,
				'description' => __( 'Jobs one user may start per minute.', 'iacp' ),
			),
			'max_active_jobs'              => array(
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => 1000,
				'default'     => 10,
				'description' => __( 'Jobs one user may have pending or running at once.', 'iacp' ),
			),
			'daily_token_budgets'          => array(
				'type'                 => 'object',
				'default'              => array(),
				'additionalProperties' => array(
					'type'    => 'integer',
					'minimum' => 0,
				),
				'description'          => __( 'Tokens per day per role (role => tokens); a role not listed, or 0, has no limit.', 'iacp' ),
			),
			'provider_max_in_flight'       => array(
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => 100,
				'default'     => 4,
				'description' => __( 'Jobs talking to the AI provider at once, across all workers.', 'iacp' ),
			),
			'provider_requests_per_minute' => array(
				'type'        => 'integer',
				'minimum'     => 1,
				'maximum'     => 100000,
				'default'     => 60,
				'description' => __( 'Requests to the AI provider per minute, across all workers.', 'iacp' ),
			),
		);
	}

	/**
	 * One setting's value: the stored one when valid, the default otherwise.
	 */
	public function get( string $key ): mixed {
		return $this->all()[ $key ] ?? null;
	}

	public function int( string $key ): int {
		return (int) $this->get( $key );
	}

	/**
	 * @return array<string, mixed>
	 */
	public function all(): array {
		$stored = get_option( self::OPTION, array() );
		$stored = is_array( $stored ) ? $stored : array();
		$values = array();
		foreach ( self::schema() as $key => $schema ) {
			$value          = $stored[ $key ] ?? $schema['default'];
			$values[ $key ] = true === rest_validate_value_from_schema( $value, $schema, $key ) ? $value : $schema['default'];
		}
		return $values;
	}

	/**
	 * Validates and stores changed settings; unknown keys are refused, nothing is stored on any error.
	 *
	 * @param array<string, mixed> $changes Keys to change.
	 * @return array<string, mixed>|\WP_Error The new settings, or what was wrong.
	 */
	public function update( array $changes ): array|\WP_Error {
		$schema = self::schema();
		$next   = $this->all();
		foreach ( $changes as $key => $value ) {
			if ( ! isset( $schema[ $key ] ) ) {
				return new \WP_Error(
					'iacp_unknown_setting',
					/* translators: %s: setting name. */
					sprintf( __( 'Unknown setting: %s.', 'iacp' ), $key ),
					array(
						'status' => 400,
						'field'  => $key,
					)
				);
			}
			$valid = rest_validate_value_from_schema( $value, $schema[ $key ], $key );
			if ( is_wp_error( $valid ) ) {
				$valid->add_data(
					array(
						'status' => 400,
						'field'  => $key,
					)
				);
				return $valid;
			}
			$next[ $key ] = rest_sanitize_value_from_schema( $value, $schema[ $key ], $key );
		}
		update_option( self::OPTION, $next, false );
		return $next;
	}
}
