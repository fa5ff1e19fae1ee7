<?php
/**
 * Global entry points: the composition root and the public PHP API other plugins call.
 *
 * @package IACP
 */

declare( strict_types=1 );

use IACP\Plugin;

if ( ! function_exists( 'iacp' ) ) {
	/**
	 * The plugin's composition root, built once per request.
	 */
	function iacp(): Plugin {
		static $plugin = null;
		if ( null === $plugin ) {
			$plugin = new Plugin( dirname( __DIR__ ) . '/plugin.php' );
		}
		return $plugin;
	}
}

if ( ! function_exists( 'iacp_enqueue_job' ) ) {
	/**
	 * Queues a background job and returns its public id (UUID).
	 *
	 * @param string               $type    A registered job type.
	 * @param array<string, mixed> $input   Input, validated against the type's input schema.
	 * @param array<string, mixed> $options user_id, post_id, priority (lower first), delay (s), max_attempts, ttl (s),
	 *                                      idempotency_key (the same key for the same user returns the first job's id).
	 * @return string|WP_Error The job id, or why it was refused (code, and data `status` and `field`).
	 */
	function iacp_enqueue_job( string $type, array $input, array $options = array() ): string|WP_Error {
		$result = iacp()->job_queue()->enqueue( $type, $input, $options );
		return is_wp_error( $result ) ? $result : $result->job->public_id;
	}
}

if ( ! function_exists( 'iacp_get_job' ) ) {
	/**
	 * A job as the REST API shows it (status, progress, result, error, tokens, poll_after_ms …), or null when unknown.
	 *
	 * @param string $id The job id iacp_enqueue_job() returned.
	 * @return array<string, mixed>|null
	 */
	function iacp_get_job( string $id ): ?array {
		$job = wp_is_uuid( $id ) ? iacp()->job_queue()->find( $id ) : null;
		return null === $job ? null : iacp()->job_presenter()->present( $job );
	}
}
