<?php
/**
 * The options of one enqueue call, validated. Every refusal names the option at fault.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

final class EnqueueOptions {

	public const MIN_PRIORITY     = -100;
	public const MAX_PRIORITY     = 100;
	public const DEFAULT_PRIORITY = 10;
	public const MAX_DELAY        = 30 * DAY_IN_SECONDS;
	public const MIN_TTL          = 10;
	public const MAX_TTL          = 30 * DAY_IN_SECONDS;
	public const MAX_KEY_LENGTH   = 191;
	public const MAX_ATTEMPTS     = 20;

	private const KNOWN = array( 'user_id', 'post_id', 'priority', 'delay', 'max_attempts', 'ttl', 'idempotency_key' );

	public function __construct(
		public readonly int $user_id,
		public readonly ?int $post_id,
		public readonly int $priority,
		public readonly int $delay,
		public readonly int $max_attempts,
		public readonly int $ttl,
		public readonly ?string $idempotency_key
	) {}

	/**
	 * @param array<string, mixed> $options              user_id, post_id, priority, delay, max_attempts, ttl, idempotency_key.
	 * @param int                  $default_max_attempts The job type's attempts.
	 * @param int                  $default_ttl          Seconds a job may wait to start.
	 */
	public static function from_array( array $options, int $default_max_attempts, int $default_ttl ): self|\WP_Error {
		foreach ( array_keys( $options ) as $key ) {
			if ( ! in_array( $key, self::KNOWN, true ) ) {
				/* translators: %s: option name. */
				return self::invalid( (string) $key, sprintf( __( 'Unknown enqueue option: %s.', 'iacp' ), $key ) );
			}
		}

		$user_id = self::integer( $options, 'user_id', get_current_user_id(), 0, PHP_INT_MAX );
		if ( is_wp_error( $user_id ) ) {
			return $user_id;
		}
		if ( $user_id > 0 && false === get_userdata( $user_id ) ) {
			return self::invalid( 'user_id', __( 'No user has this id.', 'iacp' ) );
		}

		$post_id = null;
		if ( isset( $options['post_id'] ) ) {
			$post_id = self::integer( $options, 'post_id', 0, 1, PHP_INT_MAX );
			if ( is_wp_error( $post_id ) ) {
				return $post_id;
			}
			if ( null === get_post( $post_id ) ) {
				return self::invalid( 'post_id', __( 'No post has this id.', 'iacp' ) );
			}
		}

		$priority = self::integer( $options, 'priority', self::DEFAULT_PRIORITY, self::MIN_PRIORITY, self::MAX_PRIORITY );
		if ( is_wp_error( $priority ) ) {
			return $priority;
		}
		$delay = self::integer( $options, 'delay', 0, 0, self::MAX_DELAY );
		if ( is_wp_error( $delay ) ) {
			return $delay;
		}
		$max_attempts = self::integer( $options, 'max_attempts', max( 1, min( self::MAX_ATTEMPTS, $default_max_attempts ) ), 1, self::MAX_ATTEMPTS );
		if ( is_wp_error( $max_attempts ) ) {
			return $max_attempts;
		}
		$ttl = self::integer( $options, 'ttl', $default_ttl, self::MIN_TTL, self::MAX_TTL );
		if ( is_wp_error( $ttl ) ) {
			return $ttl;
		}

		$key = $options['idempotency_key'] ?? null;
		if ( null !== $key && ( ! is_string( $key ) || '' === $key || strlen( $key ) > self::MAX_KEY_LENGTH ) ) {
			/* translators: %d: maximum length. */
			return self::invalid( 'idempotency_key', sprintf( __( 'The idempotency key must be a non-empty string of at most %d characters.', 'iacp' ), self::MAX_KEY_LENGTH ) );
		}

		return new self( $user_id, $post_id, $priority, $delay, $max_attempts, $ttl, $key );
	}

	/**
	 * The options a stored job was started with, as far as they still matter (a retry is admitted with them).
	 */
	public static function of_job( Job $job ): self {
		return new self( $job->user_id, $job->post_id, $job->priority, 0, $job->max_attempts, max( self::MIN_TTL, $job->expires_at - $job->available_at ), $job->idempotency_key );
	}

	/**
	 * @param array<string, mixed> $options Options.
	 */
	private static function integer( array $options, string $key, int $default_value, int $min, int $max ): int|\WP_Error {
		if ( ! array_key_exists( $key, $options ) || null === $options[ $key ] ) {
			return $default_value;
		}
		$value = $options[ $key ];
		if ( ! is_int( $value ) && ! ( is_string( $value ) && preg_match( '/^-?\d+$/', $value ) ) ) {
			/* translators: %s: option name. */
			return self::invalid( $key, sprintf( __( 'The %s option must be an integer.', 'iacp' ), $key ) );
		}
		$value = (int) $value;
		if ( $value < $min || $value > $max ) {
			/* translators: 1: option name, 2: minimum, 3: maximum. */
			return self::invalid( $key, sprintf( __( 'The %1$s option must be between %2$d and %3$d.', 'iacp' ), $key, $min, $max ) );
		}
		return $value;
	}

	private static function invalid( string $field, string $message ): \WP_Error {
		return new \WP_Error(
			'iacp_invalid_option',
			$message,
			array(
				'status' => 400,
				'field'  => $field,
			)
		);
	}
}
