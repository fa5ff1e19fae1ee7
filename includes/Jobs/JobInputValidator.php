<?php
/**
 * Validates and sanitizes a job's input against its type's JSON Schema, and bounds the length of its texts; every
 * refusal names the field at fault.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

final class JobInputValidator {

	/**
	 * @param array<string, mixed> $schema The handler's input_schema().
	 * @param array<string, mixed> $input  Input as given.
	 * @return array<string, mixed>|\WP_Error Sanitized input, or iacp_invalid_input with data.field.
	 */
	public function validate( array $schema, array $input ): array|\WP_Error {
		$properties = is_array( $schema['properties'] ?? null ) ? $schema['properties'] : array();

		// Property by property first, so the error can say which field is wrong.
		foreach ( $properties as $name => $property ) {
			$required = true === ( $property['required'] ?? false ) || in_array( $name, (array) ( $schema['required'] ?? array() ), true );
			if ( ! array_key_exists( $name, $input ) ) {
				if ( $required ) {
					/* translators: %s: field name. */
					return $this->invalid( (string) $name, sprintf( __( '%s is required.', 'iacp' ), $name ) );
				}
				continue;
			}
			$valid = rest_validate_value_from_schema( $input[ $name ], $property, (string) $name );
			if ( is_wp_error( $valid ) ) {
				return $this->invalid( (string) $name, $valid->get_error_message() );
			}
		}
		if ( false === ( $schema['additionalProperties'] ?? true ) ) {
			foreach ( array_keys( $input ) as $name ) {
				if ( ! isset( $properties[ $name ] ) ) {
					/* translators: %s: field name. */
					return $this->invalid( (string) $name, sprintf( __( '%s is not a valid field.', 'iacp' ), $name ) );
				}
			}
		}

		// Then the whole object (keywords that span properties).
		$valid = rest_validate_value_from_schema( $input, $schema, 'input' );
		if ( is_wp_error( $valid ) ) {
			return $this->invalid( 'input', $valid->get_error_message() );
		}
		$clean = rest_sanitize_value_from_schema( $input, $schema, 'input' );
		if ( is_wp_error( $clean ) ) {
			return $this->invalid( 'input', $clean->get_error_message() );
		}
		return is_array( $clean ) ? $clean : array();
	}

	/**
	 * Refuses any text in the input longer than $max characters, naming the field (input.prompt, input.a.b …).
	 *
	 * @param array<mixed> $input Input or a part of it.
	 * @param string       $path  Where $input sits, for the error.
	 */
	public function find_overlong_text( array $input, int $max, string $path = 'input' ): true|\WP_Error {
		foreach ( $input as $key => $value ) {
			$field = $path . '.' . $key;
			if ( is_string( $value ) && mb_strlen( $value ) > $max ) {
				return new \WP_Error(
					'iacp_prompt_too_long',
					/* translators: 1: field name, 2: maximum number of characters. */
					sprintf( __( '%1$s is longer than %2$d characters.', 'iacp' ), $field, $max ),
					array(
						'status' => 400,
						'field'  => $field,
					)
				);
			}
			if ( is_array( $value ) ) {
				$nested = $this->find_overlong_text( $value, $max, $field );
				if ( is_wp_error( $nested ) ) {
					return $nested;
				}
			}
		}
		return true;
	}

	private function invalid( string $field, string $message ): \WP_Error {
		return new \WP_Error(
			'iacp_invalid_input',
			$message,
			array(
				'status' => 400,
				'field'  => $field,
			)
		);
	}
}
