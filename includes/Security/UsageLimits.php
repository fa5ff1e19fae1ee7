<?php
/**
 * Per-user limits on starting jobs: jobs per minute, active jobs at once, and a daily token budget per role.
 * Starts and tokens are read from the usage ledger (by when they happened, not from jobs that may have been deleted
 * since); active jobs from the jobs table. Each refusal is a 429 that says when to try again.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Security;

use IACP\Jobs\JobUsageRepository;
use IACP\Settings\Settings;
use IACP\Usage\UsageLedger;
use WP_Error;

final class UsageLimits {

	public function __construct(
		private readonly Settings $settings,
		private readonly JobUsageRepository $jobs,
		private readonly UsageLedger $ledger
	) {}

	/**
	 * The limits that apply to a user.
	 *
	 * @return array{jobs_per_minute: int, max_active_jobs: int, daily_tokens: int|null}
	 */
	public function limits_for( \WP_User $user ): array {
		$limits = array(
			'jobs_per_minute' => $this->settings->int( 'jobs_per_minute' ),
			'max_active_jobs' => $this->settings->int( 'max_active_jobs' ),
			'daily_tokens'    => $this->daily_token_budget( $user ),
		);
		/**
		 * Filters the limits on starting jobs for one user.
		 *
		 * @param array    $limits jobs_per_minute, max_active_jobs, daily_tokens (null: unlimited).
		 * @param \WP_User $user   The user.
		 */
		return apply_filters( 'iacp_user_limits', $limits, $user );
	}

	/**
	 * The most generous budget among the user's roles; null (no limit) when any of their roles has none or 0.
	 */
	private function daily_token_budget( \WP_User $user ): ?int {
		$budgets = (array) $this->settings->get( 'daily_token_budgets' );
		$budget  = null;
		foreach ( $user->roles as $role ) {
			if ( empty( $budgets[ $role ] ) ) {
				return null; // Not listed, or 0: this role has no limit.
			}
			$budget = max( $budget ?? 0, (int) $budgets[ $role ] );
		}
		return $budget;
	}

	/**
	 * Whether the user may start one more job now. Asked under the user's EnqueueLock (JobQueue), so the answer
	 * holds until the start is stored.
	 */
	public function check( \WP_User $user, ?int $now = null ): true|WP_Error {
		$now    = $now ?? time();
		$limits = $this->limits_for( $user );
		$self   = get_current_user_id() === $user->ID;

		$since_minute = $now - MINUTE_IN_SECONDS;
		if ( $this->ledger->count_starts_since( $user->ID, $since_minute ) >= $limits['jobs_per_minute'] ) {
			$oldest = $this->ledger->oldest_start_since( $user->ID, $since_minute ) ?? $now;
			return $this->too_many(
				'iacp_rate_limited',
				$self
					? __( 'You started too many AI jobs in the last minute. Please wait a moment.', 'iacp' )
					: __( 'The job’s owner started too many AI jobs in the last minute. Please wait a moment.', 'iacp' ),
				max( 1, $oldest + MINUTE_IN_SECONDS - $now )
			);
		}
		if ( $this->jobs->count_active( $user->ID ) >= $limits['max_active_jobs'] ) {
			return $this->too_many(
				'iacp_too_many_active_jobs',
				$self
					? __( 'You have too many AI jobs waiting or running. Wait for one to finish or cancel one.', 'iacp' )
					: __( 'The job’s owner has too many AI jobs waiting or running. Wait for one to finish or cancel one.', 'iacp' ),
				5
			);
		}
		return $this->check_budget( $user, $now );
	}

	/**
	 * Whether the user's daily token budget has room left (batches ask only this: their pace is the provider's).
	 */
	public function check_budget( \WP_User $user, ?int $now = null ): true|WP_Error {
		$now    = $now ?? time();
		$limits = $this->limits_for( $user );
		$self   = get_current_user_id() === $user->ID;
		if ( null !== $limits['daily_tokens'] ) {
			$day_start = (int) ( floor( $now / DAY_IN_SECONDS ) * DAY_IN_SECONDS );
			if ( $this->ledger->tokens_since( $user->ID, $day_start ) >= $limits['daily_tokens'] ) {
				$reset = $day_start + DAY_IN_SECONDS;
				$error = $this->too_many(
					'iacp_quota_exceeded',
					$self
						? __( 'Your daily AI budget is used up. It resets at midnight UTC.', 'iacp' )
						: __( 'The daily AI budget of the job’s owner is used up. It resets at midnight UTC.', 'iacp' ),
					$reset - $now
				);
				$error->add_data(
					array(
						'status'      => 429,
						'retry_after' => $reset - $now,
						'resets_at'   => gmdate( 'c', $reset ),
					)
				);
				return $error;
			}
		}
		return true;
	}

	private function too_many( string $code, string $message, int $retry_after ): WP_Error {
		return new WP_Error(
			$code,
			$message,
			array(
				'status'      => 429,
				'retry_after' => $retry_after,
			)
		);
	}
}
