<?php
/**
 * The one loop behind every way in (WP-Cron, the instant kick, WP-CLI, the standalone worker, REST): reap, claim,
 * handle, repeat, until the queue is empty or a budget (time, memory, jobs) is spent or a stop was requested.
 * Budgets are checked between jobs: a running job is always finished, never abandoned half-done.
 *
 * Faults: when the database goes away a worker waits for it (DatabaseLink) and carries on; a web runner leaves
 * quietly (stop reason `database`) and lets the next runner take over. A web runner starts only jobs it can finish
 * before PHP ends the request (PhpTimeLimit).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Jobs\DatabaseUnavailable;
use IACP\Jobs\Job;
use IACP\Jobs\JobTypeRegistry;
use IACP\Security\SiteAiSwitch;

final class Runner {

	/** Seconds between reaper passes while a long run keeps going. */
	private const REAP_EVERY = 2;

	/** Seconds between "last runner seen" writes while a long run keeps going. */
	private const SEEN_EVERY = 15;

	/** Seconds without reaping after the database came back: workers holding an outcome store it first. */
	private const REAP_PAUSE_AFTER_OUTAGE = 5;

	/** Jobs handled since the object cache was last flushed. */
	private int $jobs_since_flush = 0;

	/** Memory in use right after that flush. */
	private int $memory_after_flush = 0;

	public function __construct(
		private readonly JobClaimer $claimer,
		private readonly JobTypeRegistry $types,
		private readonly JobExecutor $executor,
		private readonly Reaper $reaper,
		private readonly QueueConfig $config,
		private readonly RunnerLastSeen $last_seen,
		private readonly DatabaseLink $database,
		private readonly PhpTimeLimit $php_time_limit
	) {}

	public function run( RunnerBudget $budget ): RunSummary {
		$this->database->enter( $budget );
		try {
			return $this->loop( $budget );
		} finally {
			$this->database->leave();
		}
	}

	private function loop( RunnerBudget $budget ): RunSummary {
		$started    = microtime( true );
		$deadline   = $budget->php_deadline;
		$buffer     = new ClaimBuffer( $this->claimer );
		$types      = $this->claimable_types( $budget );
		$leases     = array();
		$reaped     = array();
		$last_reap  = 0.0;
		$last_seen  = 0.0;
		$processed  = 0;
		$outcomes   = array();
		$idle_since = null;
		$reason     = array() === $types ? RunSummary::STOP_DISABLED : null;

		while ( true ) {
			try {
				foreach ( array_diff( $types, array_keys( $leases ) ) as $type ) {
					$leases[ $type ] = $this->config->lease_seconds( $type );
				}
				$now = microtime( true );
				if ( $now - $last_seen >= self::SEEN_EVERY ) {
					$this->last_seen->record( $budget->source );
					$last_seen = $now;
				}
				if ( $now - $last_reap >= self::REAP_EVERY ) {
					$reaped    = $this->add( $reaped, $this->reaper->reap() );
					$last_reap = $now;
				}
				$reason = $reason ?? $this->budget_spent( $budget, $started, $processed );
				if ( null !== $reason ) {
					break;
				}

				$claimable = $this->php_time_limit->claimable( $types, $deadline );
				if ( array() === $claimable ) {
					$reason = RunSummary::STOP_TIME;
					break;
				}
				$job = $buffer->next( $claimable, $leases, $budget->source, $budget->max_jobs > 0 ? $budget->max_jobs - $processed : PHP_INT_MAX );
				if ( null === $job ) {
					$this->database->throw_if_down();
					$idle_since = $idle_since ?? $now;
					if ( null !== $budget->idle_wait && $now - $idle_since >= $budget->idle_wait ) {
						$reason = RunSummary::STOP_EMPTY;
						break;
					}
					$this->sleep( $budget, $started, $idle_since );
					continue;
				}
				$room = $this->php_time_limit->make_room( $job->type, $deadline );
				if ( false === $room ) {
					$this->processed( $job, $this->executor->give_back( $job, 'This web request could not give the job the time it needs.' ) );
					$reason = RunSummary::STOP_TIME;
					break;
				}
				$deadline = $room;

				$idle_since = null;
				$began      = microtime( true );
				$outcome    = $this->executor->execute( $job, $buffer->extend_waiting( ... ) );
				$buffer->finished( microtime( true ) - $began );
				++$processed;
				$outcomes[ $outcome ] = ( $outcomes[ $outcome ] ?? 0 ) + 1;
				$this->processed( $job, $outcome );
			} catch ( DatabaseUnavailable $gone ) {
				// A web runner leaves the queue to the next runner; a worker waits for the database and carries on.
				if ( null !== $budget->database_patience || ! $this->database->wait_until_up() ) {
					$reason = $budget->stop->requested() ? RunSummary::STOP_SIGNAL : RunSummary::STOP_DATABASE;
					break;
				}
				$last_reap = microtime( true ) - self::REAP_EVERY + self::REAP_PAUSE_AFTER_OUTAGE;
			}
		}

		try {
			$buffer->release_all();
		} catch ( DatabaseUnavailable $gone ) {
			unset( $gone ); // Still gone: the unstarted jobs' short leases run out and the reaper gives them back.
		}
		return new RunSummary( $processed, $outcomes, $reaped, (string) $reason, microtime( true ) - $started );
	}

	private function processed( Job $job, string $outcome ): void {
		/**
		 * Fires after a worker handled a job.
		 *
		 * @param \IACP\Jobs\Job $job     The job as claimed.
		 * @param string         $outcome completed, failed, retried, deferred, interrupted, cancelled or lease_lost.
		 */
		do_action( 'iacp_job_processed', $job, $outcome );
		$this->free_memory();
	}

	/**
	 * Job types this run may claim: the registered ones, narrowed by the budget and the `iacp_runner_job_types` filter.
	 *
	 * @return list<string>
	 */
	public function claimable_types( RunnerBudget $budget ): array {
		$types = $this->types->types();
		if ( array() !== $budget->types ) {
			$types = array_values( array_intersect( $types, $budget->types ) );
		}
		/**
		 * Filters the job types a runner may claim.
		 *
		 * @param list<string> $types  Registered types (narrowed by --type).
		 * @param RunnerBudget $budget The run's budget; $budget->source says where it runs.
		 */
		$types = apply_filters( 'iacp_runner_job_types', $types, $budget );
		// While the site's AI switch is off, AI jobs stay queued (never failed) until it is back on.
		return array_values( array_filter( (array) $types, static fn( $type ): bool => is_string( $type ) && SiteAiSwitch::allows( $type ) ) );
	}

	private function budget_spent( RunnerBudget $budget, float $started, int $processed ): ?string {
		if ( $budget->stop->requested() ) {
			return RunSummary::STOP_SIGNAL;
		}
		if ( $budget->time_limit > 0 && microtime( true ) - $started >= $budget->time_limit ) {
			return RunSummary::STOP_TIME;
		}
		if ( $budget->memory_limit > 0 && memory_get_usage( true ) >= $budget->memory_limit ) {
			return RunSummary::STOP_MEMORY;
		}
		if ( $budget->max_jobs > 0 && $processed >= $budget->max_jobs ) {
			return RunSummary::STOP_MAX_JOBS;
		}
		return null;
	}

	/**
	 * Waits before the next poll, in short steps so a stop request or the end of the budget is seen at once.
	 */
	private function sleep( RunnerBudget $budget, float $started, float $idle_since ): void {
		$until = microtime( true ) + $budget->sleep;
		if ( null !== $budget->idle_wait ) {
			$until = min( $until, $idle_since + $budget->idle_wait );
		}
		if ( $budget->time_limit > 0 ) {
			$until = min( $until, $started + $budget->time_limit );
		}
		while ( ! $budget->stop->requested() && microtime( true ) < $until ) {
			usleep( (int) max( 1000, min( 100000, ( $until - microtime( true ) ) * 1e6 ) ) );
		}
	}

	/**
	 * Long runs must not grow: drop the runtime object cache (it also makes settings changes visible) and cycles.
	 */
	private function free_memory(): void {
		++$this->jobs_since_flush;
		// Flushing reloads every autoloaded option (~0.5 ms): do it every 50 jobs, or sooner if memory grows.
		$grown = memory_get_usage() - $this->memory_after_flush > 8 * MB_IN_BYTES;
		if ( $this->jobs_since_flush < 50 && ! $grown ) {
			return;
		}
		// Only this process's in-memory copy: a persistent object cache shared with the site stays warm.
		wp_cache_flush_runtime();
		gc_collect_cycles();
		$this->jobs_since_flush   = 0;
		$this->memory_after_flush = memory_get_usage();
	}

	/**
	 * @param array<string, int> $a Counts.
	 * @param array<string, int> $b Counts.
	 * @return array<string, int>
	 */
	private function add( array $a, array $b ): array {
		foreach ( $b as $key => $value ) {
			$a[ $key ] = ( $a[ $key ] ?? 0 ) + $value;
		}
		return $a;
	}
}
