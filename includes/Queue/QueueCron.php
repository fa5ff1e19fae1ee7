<?php
/**
 * WP-Cron as the always-there fallback: a runner every minute, and a daily purge of old finished jobs.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Service;

final class QueueCron implements Service {

	public const PROCESS_HOOK = 'iacp_process_job_queue';
	public const PURGE_HOOK   = 'iacp_purge_jobs';
	public const SCHEDULE     = 'iacp_every_minute';

	public function __construct(
		private readonly Runner $runner,
		private readonly RetentionPurger $purger
	) {}

	public function register(): void {
		add_filter( 'cron_schedules', array( $this, 'add_schedule' ) ); // phpcs:ignore WordPress.WP.CronInterval.CronSchedulesInterval -- a queue runner every minute is the point.
		add_action( 'init', array( $this, 'schedule' ) );
		add_action( self::PROCESS_HOOK, array( $this, 'process' ) );
		add_action( self::PURGE_HOOK, array( $this, 'purge' ) );
	}

	/**
	 * @param array<string, array<string, mixed>> $schedules Cron schedules.
	 * @return array<string, array<string, mixed>>
	 */
	public function add_schedule( array $schedules ): array {
		$schedules[ self::SCHEDULE ] = array(
			'interval' => MINUTE_IN_SECONDS,
			'display'  => __( 'Every minute (AI Content Pipeline queue)', 'iacp' ),
		);
		return $schedules;
	}

	/**
	 * Schedules both events when missing (deactivation clears them; the next request after activation restores them).
	 */
	public function schedule(): void {
		if ( false === wp_next_scheduled( self::PROCESS_HOOK ) ) {
			wp_schedule_event( time(), self::SCHEDULE, self::PROCESS_HOOK );
		}
		if ( false === wp_next_scheduled( self::PURGE_HOOK ) ) {
			wp_schedule_event( time() + HOUR_IN_SECONDS, 'daily', self::PURGE_HOOK );
		}
	}

	public function process(): void {
		$this->runner->run( RunnerBudget::for_cron() );
	}

	public function purge(): void {
		$this->purger->purge();
	}
}
