<?php
/**
 * `wp iacp queue`: the queue's health.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\CLI;

use IACP\Queue\QueueStats;
use WP_CLI;

final class QueueCommand {

	public function __construct( private readonly QueueStats $stats ) {}

	/**
	 * Shows jobs per status, the oldest waiting job, throughput and failure rate over 15 minutes, and the last runner.
	 *
	 * ## OPTIONS
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 * ---
	 *
	 * @param list<string>         $args  Positional arguments (none).
	 * @param array<string, mixed> $assoc Flags.
	 */
	public function stats( array $args, array $assoc ): void {
		$snapshot = $this->stats->snapshot();
		if ( 'json' === ( $assoc['format'] ?? 'table' ) ) {
			WP_CLI::line( (string) wp_json_encode( $snapshot ) );
			return;
		}
		$rows = array();
		foreach ( $snapshot['counts'] as $status => $count ) {
			$rows[] = array(
				'Metric' => $status,
				'Value'  => (string) $count,
			);
		}
		$last   = $snapshot['last_runner'];
		$metric = array(
			'oldest pending (s)'                           => $snapshot['oldest_pending_age_seconds'] ?? '-',
			"jobs/min ({$snapshot['window_minutes']} min)" => $snapshot['jobs_per_minute'],
			"failure rate ({$snapshot['window_minutes']} min)" => $snapshot['failure_rate'] ?? '-',
			'last runner'                                  => null === $last ? 'never' : "{$last['source']}, {$last['age_seconds']} s ago",
			'tokens today'                                 => $snapshot['tokens_today'],
			'WP-Cron disabled'                             => $snapshot['wp_cron_disabled'] ? 'yes' : 'no',
			'claim'                                        => $snapshot['claim_strategy'],
		);
		foreach ( $metric as $name => $value ) {
			$rows[] = array(
				'Metric' => $name,
				'Value'  => (string) $value,
			);
		}
		WP_CLI\Utils\format_items( 'table', $rows, array( 'Metric', 'Value' ) );
	}
}
