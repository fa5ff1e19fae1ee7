<?php
/**
 * Tells those who manage AI jobs (iacp_manage_jobs) when jobs wait because nothing runs the queue: why (WP-Cron disabled, loopback blocked)
 * and what to do (a system cron line, or `wp iacp work` under a supervisor).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Security\Capabilities;
use IACP\Service;

final class QueueHealthNotice implements Service {

	/** Seconds a ready job may wait, and a runner may stay away, before the notice shows. */
	public const STALL_SECONDS = 120;

	public function __construct(
		private readonly QueueStatsRepository $stats,
		private readonly RunnerLastSeen $last_seen,
		private readonly LoopbackProbe $loopback
	) {}

	public function register(): void {
		add_action( 'admin_notices', array( $this, 'render' ) );
	}

	/**
	 * Why the queue is stalled, or null when it is fine: no_runner, cron_disabled or loopback_failed.
	 */
	public function problem(): ?string {
		return $this->stall()['code'] ?? null;
	}

	/**
	 * The stall in figures, or null when jobs do not wait: why (problem()'s code), how long the oldest ready job has
	 * waited, and how long ago a runner last ran (null: never). GET /iacp/v1/queue sends it for the Jobs screen.
	 *
	 * @return array{code: string, waiting_seconds: int, runner_seen_seconds_ago: int|null}|null
	 */
	public function stall(): ?array {
		$now    = time();
		$oldest = $this->stats->oldest_ready_pending_created_at( $now );
		if ( null === $oldest || $now - $oldest < self::STALL_SECONDS ) {
			return null;
		}
		$seen = $this->last_seen->get();
		if ( null !== $seen && $now - $seen['time'] < self::STALL_SECONDS ) {
			return null;
		}
		$code = match ( true ) {
			defined( 'DISABLE_WP_CRON' ) && DISABLE_WP_CRON => 'cron_disabled',
			! $this->loopback->works()                      => 'loopback_failed',
			default                                         => 'no_runner',
		};
		return array(
			'code'                    => $code,
			'waiting_seconds'         => $now - $oldest,
			'runner_seen_seconds_ago' => null === $seen ? null : max( 0, $now - $seen['time'] ),
		);
	}

	public function render(): void {
		if ( ! current_user_can( Capabilities::MANAGE_JOBS ) ) {
			return;
		}
		$problem = $this->problem();
		if ( null === $problem ) {
			return;
		}
		$why = match ( $problem ) {
			'cron_disabled'   => __( 'WP-Cron is disabled on this site (DISABLE_WP_CRON), and no other runner has processed jobs in the last two minutes.', 'iacp' ),
			'loopback_failed' => __( 'This site cannot reach itself over HTTP (the loopback request failed), so neither WP-Cron nor the instant start can run jobs.', 'iacp' ),
			default           => __( 'No runner has processed jobs in the last two minutes.', 'iacp' ),
		};
		$cron = sprintf( '* * * * * wp --path=%s iacp work --once --time-limit=55', ABSPATH );
		printf(
			'<div class="notice notice-warning"><p><strong>%1$s</strong> %2$s</p><p>%3$s <code>%4$s</code> %5$s <code>wp iacp work</code></p></div>',
			esc_html__( 'AI jobs are waiting.', 'iacp' ),
			esc_html( $why ),
			esc_html__( 'Add a system cron line such as', 'iacp' ),
			esc_html( $cron ),
			esc_html__( 'or keep a worker running under a process supervisor:', 'iacp' )
		);
	}
}
