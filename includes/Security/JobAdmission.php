<?php
/**
 * The rule a user's request to start AI work must pass, as JobQueue asks it (its `$admit`): the capability the job's
 * type declares and edit_post on its post, for the current user, and the per-user limits of the user the job is
 * counted against. REST's POST /jobs and POST /jobs/{id}/retry use it; other entries acting for a user (abilities)
 * pass it too, so every door has the same limits.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Security;

use IACP\Jobs\EnqueueOptions;
use IACP\Jobs\Job;
use WP_Error;

final class JobAdmission {

	public function __construct(
		private readonly JobAccess $access,
		private readonly UsageLimits $limits
	) {}

	/**
	 * @param Job|null $replay The stored job an idempotent replay would return: the same checks of who may, for the
	 *                         request and for that job, and no limits (it starts nothing).
	 */
	public function check( string $type, EnqueueOptions $options, ?Job $replay = null ): true|WP_Error {
		$allowed = $this->access->check_can_start( $type, $options->post_id );
		if ( $allowed instanceof WP_Error ) {
			return $allowed;
		}
		if ( null !== $replay ) {
			return $this->access->check_can_start( $replay->type, $replay->post_id );
		}
		return $this->limits->check( $this->user( $options->user_id ) );
	}

	private function user( int $user_id ): \WP_User {
		$user = get_userdata( $user_id );
		return $user instanceof \WP_User ? $user : new \WP_User( 0 );
	}
}
