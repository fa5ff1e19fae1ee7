<?php
/**
 * Finds the batch a route names and answers 404 — the same for "no such batch" and "not yours" — when the caller
 * may not see it: their own batches, or every batch for users who manage AI jobs (the rule jobs follow).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\REST;

use IACP\Batches\Batch;
use IACP\Batches\BatchService;
use IACP\Security\JobAccess;
use WP_Error;

final class BatchLookup {

	public function __construct(
		private readonly BatchService $batches,
		private readonly JobAccess $access
	) {}

	/**
	 * Whether the current user may use batches at all (401 logged out, 403 without any AI capability).
	 */
	public function may_use(): true|WP_Error {
		return Permission::check( $this->access->can_use_jobs(), __( 'You are not allowed to use AI batches.', 'iacp' ) );
	}

	public function visible( int $id ): Batch|WP_Error {
		$allowed = $this->may_use();
		if ( $allowed instanceof WP_Error ) {
			return $allowed;
		}
		$batch = $id > 0 ? $this->batches->find( $id ) : null;
		if ( null === $batch || ( get_current_user_id() !== $batch->user_id && ! $this->access->can_manage() ) ) {
			return new WP_Error( 'iacp_batch_not_found', __( 'No such AI batch.', 'iacp' ), array( 'status' => 404 ) );
		}
		return $batch;
	}
}
