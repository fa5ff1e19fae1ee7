<?php
/**
 * When a runner last ran, and from where (cron, kick, cli, worker, rest): the queue health check reads it.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

final class RunnerLastSeen {

	public const OPTION = 'iacp_runner_last_seen';

	public function record( string $source ): void {
		update_option(
			self::OPTION,
			array(
				'time'   => time(),
				'source' => $source,
			),
			false
		);
	}

	/**
	 * @return array{ time: int, source: string }|null
	 */
	public function get(): ?array {
		wp_cache_delete( self::OPTION, 'options' );
		$seen = get_option( self::OPTION, null );
		if ( ! is_array( $seen ) || ! isset( $seen['time'], $seen['source'] ) ) {
			return null;
		}
		return array(
			'time'   => (int) $seen['time'],
			'source' => (string) $seen['source'],
		);
	}
}
