<?php
/**
 * Hooks batches into the job engine: the `batch_step` job type, the watcher of item jobs, the planner's query filter.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Batches;

use IACP\Jobs\JobTypeRegistry;
use IACP\Service;

final class BatchEngine implements Service {

	/**
	 * @param \Closure(): BatchStepHandler $step    Builds the step handler (on first use).
	 * @param \Closure(): BatchJobWatcher  $watcher Builds the watcher (on first use).
	 */
	public function __construct(
		private readonly BatchesSchema $schema,
		private readonly BatchTargets $targets,
		private readonly \Closure $step,
		private readonly \Closure $watcher
	) {}

	public function register(): void {
		$this->schema->register();
		$this->targets->register();
		add_action( 'iacp_register_job_types', array( $this, 'register_job_type' ) );
		add_action( 'iacp_job_processed', array( $this, 'job_processed' ) );
		// A step or item job cancelled before any worker held it ends without a worker: settle it the same way.
		add_action( 'iacp_job_cancelled', array( $this, 'job_processed' ) );
	}

	public function register_job_type( JobTypeRegistry $registry ): void {
		$registry->register( BatchStepHandler::TYPE, ( $this->step )() );
	}

	/**
	 * @param mixed $job The job a worker handled, or one cancelled while it waited.
	 */
	public function job_processed( $job ): void {
		if ( $job instanceof \IACP\Jobs\Job ) {
			( $this->watcher )()->job_processed( $job );
		}
	}
}
