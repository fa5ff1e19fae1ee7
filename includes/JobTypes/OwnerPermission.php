<?php
/**
 * Side effects on a post are authorized again when they happen, not only when the job was queued: the job's owner
 * may have lost the right to edit the post (role changed, post handed to someone else) while the job waited.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\JobTypes;

use IACP\Jobs\Job;
use IACP\Jobs\PermanentJobError;

final class OwnerPermission {

	/**
	 * Throws (the job fails, nothing is written) unless the job's owner may edit its post right now.
	 */
	public static function require_edit_post( Job $job ): void {
		if ( null === $job->post_id ) {
			return;
		}
		// Workers are long-lived: read the user's roles and the post's author as they are now.
		clean_user_cache( $job->user_id );
		clean_post_cache( $job->post_id );
		if ( ! user_can( $job->user_id, 'edit_post', $job->post_id ) ) {
			// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
			throw new PermanentJobError(
				__( 'The person who started this job may no longer edit the post, so nothing was written to it.', 'iacp' ),
				'owner_cannot_edit_post',
				sprintf( 'user %d lacks edit_post on post %d', $job->user_id, $job->post_id )
			);
			// phpcs:enable
		}
	}
}
