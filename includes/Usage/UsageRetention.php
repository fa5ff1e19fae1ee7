<?php
/**
 * How long the usage ledger keeps its rows: 31 days by default (a month of who spent what, after the jobs themselves
 * are purged), never less than the longest window a limit reads. Purged daily with the old jobs, in batches.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Usage;

use IACP\Queue\QueueCron;
use IACP\Service;

final class UsageRetention implements Service {

	public const DEFAULT_DAYS = 31;

	private const BATCH = 1000;

	private const TIME_BUDGET_SECONDS = 10.0;

	public function __construct( private readonly UsageLedger $ledger ) {}

	public function register(): void {
		add_action( QueueCron::PURGE_HOOK, array( $this, 'purge' ) );
	}

	/**
	 * Seconds a ledger row is kept.
	 */
	public function retention_seconds(): int {
		/**
		 * Filters how many days the usage ledger keeps its rows (at least the daily budget's day is always kept).
		 *
		 * @param int $days Default 31.
		 */
		$days = (int) apply_filters( 'iacp_usage_retention_days', self::DEFAULT_DAYS );
		return max( UsageLedger::LONGEST_WINDOW_SECONDS + HOUR_IN_SECONDS, $days * DAY_IN_SECONDS );
	}

	/**
	 * @return int Rows deleted.
	 */
	public function purge(): int {
		$before   = time() - $this->retention_seconds();
		$deadline = microtime( true ) + self::TIME_BUDGET_SECONDS;
		$deleted  = 0;
		do {
			$count    = $this->ledger->purge_before( $before, self::BATCH );
			$deleted += $count;
		} while ( $count >= self::BATCH && microtime( true ) < $deadline );
		return $deleted;
	}
}
