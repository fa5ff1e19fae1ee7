<?php
/**
 * Who may start, see and act on which job: the capability the job's type declares, ownership (or
 * iacp_manage_jobs), and edit_post on the job's post — checked at enqueue and on every later read or action. AI
 * jobs start only while the site's AI switch is on (SiteAiSwitch).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Security;

use IACP\Jobs\DeclaresCapability;
use IACP\Jobs\EnqueueOptions;
use IACP\Jobs\Job;
use IACP\Jobs\JobTypeRegistry;
use WP_Error;

final class JobAccess {

	public function __construct( private readonly JobTypeRegistry $types ) {}

	/**
	 * The capability a job type needs: the one its handler declares (DeclaresCapability), else iacp_generate_text;
	 * the `iacp_job_type_capability` filter has the last word.
	 */
	public function capability_for_type( string $type ): string {
		$handler = $this->types->get( $type );
		$default = $handler instanceof DeclaresCapability ? $handler->capability() : Capabilities::GENERATE_TEXT;
		/**
		 * Filters the capability needed to start (and retry) jobs of a type.
		 *
		 * @param string $capability Capability name.
		 * @param string $type       Job type.
		 */
		return (string) apply_filters( 'iacp_job_type_capability', $default, $type );
	}

	public function can_manage(): bool {
		return current_user_can( Capabilities::MANAGE_JOBS );
	}

	/**
	 * Whether the current user may use the jobs API at all: start jobs of some registered type, or manage them.
	 */
	public function can_use_jobs(): bool {
		$capabilities = array_map( array( $this, 'capability_for_type' ), $this->types->types() );
		foreach ( array_unique( $capabilities ) as $capability ) {
			if ( current_user_can( $capability ) ) {
				return true;
			}
		}
		return $this->can_manage();
	}

	/**
	 * Whether the current user may see (and act on) a job. Jobs they may not see are reported as not found.
	 * Managers also see jobs whose post was deleted (shown as such), which no one can edit any more.
	 */
	public function can_see( Job $job ): bool {
		if ( get_current_user_id() !== $job->user_id && ! $this->can_manage() ) {
			return false;
		}
		return null === $job->post_id || $this->can_see_jobs_of_post( $job->post_id );
	}

	/**
	 * Whether the current user may see jobs for this post (theirs, or everyone's for managers): they may edit it,
	 * or they manage jobs and it was deleted.
	 */
	public function can_see_jobs_of_post( int $post_id ): bool {
		return current_user_can( 'edit_post', $post_id ) || ( $this->can_manage() && null === get_post( $post_id ) );
	}

	/**
	 * The priority the current user may give a job: managers any; others no earlier than the default (lower runs
	 * first, so a smaller number is raised to the default).
	 */
	public function allowed_priority( int $requested ): int {
		return $this->can_manage() ? $requested : max( $requested, EnqueueOptions::DEFAULT_PRIORITY );
	}

	/**
	 * Whether the current user holds the capability jobs of this type need and the site's AI switch lets them start
	 * (what the editor offers them).
	 */
	public function can_start( string $type ): bool {
		return SiteAiSwitch::allows( $type ) && current_user_can( $this->capability_for_type( $type ) );
	}

	/**
	 * Whether the current user may start a job of this type, optionally for a post.
	 */
	public function check_can_start( string $type, ?int $post_id ): true|WP_Error {
		if ( ! SiteAiSwitch::allows( $type ) ) {
			return SiteAiSwitch::refusal();
		}
		if ( ! $this->can_start( $type ) ) {
			return new WP_Error( 'iacp_forbidden_job_type', __( 'You are not allowed to start this kind of AI job.', 'iacp' ), array( 'status' => rest_authorization_required_code() ) );
		}
		if ( null === $post_id ) {
			return true;
		}
		if ( null === get_post( $post_id ) ) {
			return new WP_Error(
				'iacp_invalid_post',
				__( 'The post does not exist.', 'iacp' ),
				array(
					'status' => 400,
					'field'  => 'post_id',
				)
			);
		}
		if ( ! current_user_can( 'edit_post', $post_id ) ) {
			return new WP_Error( 'iacp_forbidden_post', __( 'You are not allowed to edit this post.', 'iacp' ), array( 'status' => rest_authorization_required_code() ) );
		}
		return true;
	}
}
