<?php
/**
 * The answer every iacp/v1 permission check starts with: 401 when logged out, 403 when not allowed.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\REST;

use WP_Error;

final class Permission {

	/**
	 * @param bool   $allowed   Whether the (logged-in) current user may go on.
	 * @param string $forbidden What to tell a logged-in user who may not.
	 */
	public static function check( bool $allowed, string $forbidden ): true|WP_Error {
		if ( ! is_user_logged_in() ) {
			return new WP_Error( 'rest_not_logged_in', __( 'You must be logged in.', 'iacp' ), array( 'status' => 401 ) );
		}
		return $allowed ? true : new WP_Error( 'rest_forbidden', $forbidden, array( 'status' => 403 ) );
	}
}
