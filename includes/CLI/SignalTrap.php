<?php
/**
 * SIGTERM and SIGINT raise the runner's stop flag instead of killing the process: the current job finishes,
 * then the worker exits 0. Needs pcntl (CLI); without it the signals keep their default effect.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\CLI;

use IACP\Queue\StopSignal;

final class SignalTrap {

	/**
	 * @return bool Whether the handlers were installed.
	 */
	public static function install( StopSignal $stop ): bool {
		if ( ! function_exists( 'pcntl_async_signals' ) || ! function_exists( 'pcntl_signal' ) ) {
			return false;
		}
		pcntl_async_signals( true );
		foreach ( array( SIGTERM, SIGINT ) as $signal ) {
			pcntl_signal( $signal, static fn( int $number ) => $stop->request( $number ) );
		}
		return true;
	}
}
