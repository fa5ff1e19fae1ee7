<?php
/**
 * The worker flags shared by `wp iacp work` and bin/iacp-worker.php, turned into a RunnerBudget.
 *
 *     --once               Exit when no job is ready instead of polling (a system cron line).
 *     --max-jobs=<n>       Exit after n jobs.
 *     --time-limit=<s>     Start no job after s seconds.
 *     --memory-limit=<MB>  Start no job once the process uses this much memory.
 *     --sleep=<s>          Seconds between polls while the queue is empty (default 1).
 *     --type=<type>        Only jobs of this type (comma-separated list allowed).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\CLI;

use IACP\Queue\RunnerBudget;
use IACP\Queue\StopSignal;

final class WorkerOptions {

	/**
	 * @param array<string, mixed> $flags Parsed flags (name => value; true for a bare flag).
	 * @return RunnerBudget|string The budget, or what is wrong with the flags.
	 */
	public static function budget( array $flags, string $source, StopSignal $stop ): RunnerBudget|string {
		$number   = static function ( string $name, float $min ) use ( $flags ): float|string|null {
			if ( ! isset( $flags[ $name ] ) ) {
				return null;
			}
			if ( ! is_numeric( $flags[ $name ] ) || (float) $flags[ $name ] < $min ) {
				return sprintf( '--%s must be a number of at least %s.', $name, $min );
			}
			return (float) $flags[ $name ];
		};
		$max_jobs = $number( 'max-jobs', 0 );
		$time     = $number( 'time-limit', 0 );
		$memory   = $number( 'memory-limit', 1 );
		$sleep    = $number( 'sleep', 0.01 );
		foreach ( array( $max_jobs, $time, $memory, $sleep ) as $value ) {
			if ( is_string( $value ) ) {
				return $value;
			}
		}
		$types = isset( $flags['type'] ) && is_string( $flags['type'] )
			? array_values( array_filter( array_map( 'trim', explode( ',', $flags['type'] ) ) ) )
			: array();
		$once  = ! empty( $flags['once'] );
		return new RunnerBudget(
			$source,
			(float) ( $time ?? 0 ),
			null === $memory ? RunnerBudget::default_memory_limit() : (int) ( $memory * MB_IN_BYTES ),
			(int) ( $max_jobs ?? 0 ),
			$once ? 0.0 : null,
			(float) ( $sleep ?? 1.0 ),
			$types,
			$stop
		);
	}

	/**
	 * `--name=value` and `--flag` arguments of a plain PHP script.
	 *
	 * @param list<string> $argv Arguments without the script name.
	 * @return array<string, string|true>
	 */
	public static function parse_argv( array $argv ): array {
		$flags = array();
		foreach ( $argv as $arg ) {
			if ( preg_match( '/^--([a-z][a-z0-9-]*)(?:=(.*))?$/', $arg, $m ) ) {
				$flags[ $m[1] ] = $m[2] ?? true;
			}
		}
		return $flags;
	}
}
