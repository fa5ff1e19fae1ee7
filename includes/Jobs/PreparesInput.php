<?php
/**
 * A job type that adds to its input when the job is queued, after validation and before it is stored — for
 * instance a snapshot of the field the job will change, so a later human edit can be recognised — or refuses input
 * that only the post can rule out (a WP_Error with status and field; nothing is stored).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

interface PreparesInput {

	/**
	 * @param array<string, mixed> $input   Input, validated against the type's schema.
	 * @param int|null             $post_id The post the job is for.
	 * @return array<string, mixed>|\WP_Error The input to store, or why the job cannot be queued.
	 */
	public function prepare_input( array $input, ?int $post_id ): array|\WP_Error;
}
