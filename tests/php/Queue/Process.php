<?php
/**
 * A background PHP process of a test (a worker, wp iacp work), with its output in files so pipes never block.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

final class Process {

	/** @var resource */
	private $handle;

	private string $out;

	private string $err;

	private ?int $exit = null;

	/**
	 * @param list<string>          $command Command and arguments.
	 * @param array<string, string> $env     Extra environment.
	 */
	public function __construct( array $command, array $env = array() ) {
		$this->out = (string) tempnam( sys_get_temp_dir(), 'iacp-out' );
		$this->err = (string) tempnam( sys_get_temp_dir(), 'iacp-err' );
		$handle    = proc_open(
			$command,
			array(
				0 => array( 'file', '/dev/null', 'r' ),
				1 => array( 'file', $this->out, 'w' ),
				2 => array( 'file', $this->err, 'w' ),
			),
			$pipes,
			dirname( __DIR__, 3 ),
			array_merge( getenv(), $env )
		);
		if ( ! is_resource( $handle ) ) {
			throw new \RuntimeException( 'could not start ' . implode( ' ', $command ) );
		}
		$this->handle = $handle;
	}

	/**
	 * A worker: php bin/iacp-worker.php --path=… with flags.
	 *
	 * @param list<string> $flags Flags.
	 */
	public static function worker( string $wp_path, array $flags ): self {
		return new self( array_merge( array( PHP_BINARY, dirname( __DIR__, 3 ) . '/bin/iacp-worker.php', '--path=' . $wp_path ), $flags ) );
	}

	/**
	 * The real WP-CLI: wp --allow-root --path=… <args>.
	 *
	 * @param list<string> $args Arguments.
	 */
	public static function wp( string $wp_path, array $args ): self {
		// What WP-CLI's vendor/bin/wp execs, minus its two shell layers (so signals reach PHP).
		$boot = (string) \IACP\Tests\TestEnvironment::load( 'IACP_ENV_FILE', 'test' )['wp_cli_boot'];
		return new self( array_merge( array( PHP_BINARY, $boot, '--allow-root', '--path=' . $wp_path ), $args ), array( 'WP_CLI_PHP_USED' => PHP_BINARY ) );
	}

	/**
	 * Runs WP-CLI to the end: [exit code, stdout, stderr].
	 *
	 * @param list<string> $args Arguments.
	 * @return array{ int, string, string }
	 */
	public static function wp_run( string $wp_path, array $args ): array {
		$process = self::wp( $wp_path, $args );
		$code    = $process->wait( 60 );
		return array( $code, $process->stdout(), $process->stderr() );
	}

	public function pid(): int {
		return (int) proc_get_status( $this->handle )['pid'];
	}

	public function running(): bool {
		if ( null !== $this->exit ) {
			return false;
		}
		$status = proc_get_status( $this->handle );
		if ( ! $status['running'] ) {
			$this->exit = (int) $status['exitcode'];
			return false;
		}
		return true;
	}

	public function signal( int $signal ): void {
		proc_terminate( $this->handle, $signal );
	}

	/**
	 * Waits for the exit and returns the exit code (kills it after $seconds: then -1).
	 */
	public function wait( float $seconds ): int {
		$until = microtime( true ) + $seconds;
		while ( $this->running() ) {
			if ( microtime( true ) > $until ) {
				$this->signal( 9 );
				usleep( 100000 );
				$this->running();
				return -1;
			}
			usleep( 20000 );
		}
		return (int) $this->exit;
	}

	public function stdout(): string {
		return (string) file_get_contents( $this->out );
	}

	public function stderr(): string {
		return (string) file_get_contents( $this->err );
	}

	public function __destruct() {
		if ( $this->running() ) {
			$this->signal( 9 );
		}
		proc_close( $this->handle );
		@unlink( $this->out ); // phpcs:ignore
		@unlink( $this->err ); // phpcs:ignore
	}
}
