<?php
/**
 * A throwaway HTTP server on a free local port (PHP's built-in server with scripts/header-recorder.php) that
 * records every request it gets: the "other host" that must never see the API key, or a provider that misbehaves.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Providers;

use IACP\Tests\Queue\Process;

final class HeaderRecorder {

	private Process $process;

	private string $log;

	public readonly int $port;

	/**
	 * @param string $mode   '' (answer by path), 'redirect' (307 everything to $target) or 'echo401'.
	 * @param string $host   Host name of url(): 127.0.0.1 or localhost (two origins on one machine).
	 */
	public function __construct( string $mode = '', string $target = '', private readonly string $host = '127.0.0.1' ) {
		$this->port = self::free_port();
		$this->log  = (string) tempnam( sys_get_temp_dir(), 'iacp-recorder' );
		$this->process = new Process(
			array( PHP_BINARY, '-S', '127.0.0.1:' . $this->port, __DIR__ . '/scripts/header-recorder.php' ),
			array(
				'IACP_RECORDER_LOG'    => $this->log,
				'IACP_RECORDER_MODE'   => $mode,
				'IACP_RECORDER_TARGET' => $target,
			)
		);
		$until = microtime( true ) + 10;
		while ( ! self::listening( $this->port ) ) {
			if ( microtime( true ) > $until || ! $this->process->running() ) {
				throw new \RuntimeException( 'the header recorder did not start: ' . $this->process->stderr() );
			}
			usleep( 20000 );
		}
	}

	public function url( string $path = '' ): string {
		return "http://{$this->host}:{$this->port}{$path}";
	}

	/**
	 * Requests received so far: method, uri, headers.
	 *
	 * @return list<array{method: string, uri: string, headers: array<string, string>}>
	 */
	public function requests(): array {
		$lines = array_filter( explode( "\n", (string) file_get_contents( $this->log ) ) );
		return array_values( array_map( static fn( string $line ): array => json_decode( $line, true ), $lines ) );
	}

	/**
	 * Everything received, as one string (to look for a secret in any header).
	 */
	public function seen(): string {
		return (string) file_get_contents( $this->log );
	}

	public function stop(): void {
		$this->process->signal( 15 );
		$this->process->wait( 5 );
		@unlink( $this->log ); // phpcs:ignore
	}

	private static function free_port(): int {
		$server = stream_socket_server( 'tcp://127.0.0.1:0' );
		if ( false === $server ) {
			throw new \RuntimeException( 'no free port' );
		}
		$port = (int) substr( (string) strrchr( (string) stream_socket_get_name( $server, false ), ':' ), 1 );
		fclose( $server );
		return $port;
	}

	private static function listening( int $port ): bool {
		$socket = @fsockopen( '127.0.0.1', $port, $errno, $errstr, 0.2 ); // phpcs:ignore
		if ( false === $socket ) {
			return false;
		}
		fclose( $socket );
		return true;
	}
}
