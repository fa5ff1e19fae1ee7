<?php
/**
 * Registers the `wp iacp …` commands, only when WP-CLI runs.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\CLI;

use IACP\Service;
use WP_CLI;

final class CliCommands implements Service {

	/**
	 * @param \Closure(): WorkCommand  $work  Builds the work command.
	 * @param \Closure(): JobsCommand  $jobs  Builds the jobs command.
	 * @param \Closure(): QueueCommand $queue Builds the queue command.
	 * @param \Closure(): BatchCommand|null $batch Builds the batch command.
	 */
	public function __construct(
		private readonly \Closure $work,
		private readonly \Closure $jobs,
		private readonly \Closure $queue,
		private readonly ?\Closure $batch = null
	) {}

	public function register(): void {
		if ( ! ( defined( 'WP_CLI' ) && WP_CLI ) ) {
			return;
		}
		WP_CLI::add_command( 'iacp work', ( $this->work )() );
		WP_CLI::add_command( 'iacp jobs', ( $this->jobs )() );
		WP_CLI::add_command( 'iacp queue', ( $this->queue )() );
		if ( null !== $this->batch ) {
			WP_CLI::add_command( 'iacp batch', ( $this->batch )() );
		}
	}
}
