<?php
/**
 * The jobs one runner has claimed and not yet run. When jobs are short it claims several at once (one claim's four
 * statements shared by the batch), sized so the last of a batch waits no longer than BATCH_MS for the others: a
 * batch of short jobs, one job at a time as soon as they take longer. Fairness between workers holds because a
 * batch is a few milliseconds of work; a job that waited in the batch past half its lease is renewed before it runs
 * (or skipped, when it was taken over), and what is left when the runner stops goes back to the queue uncounted.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Jobs\Job;

final class ClaimBuffer {

	/** How long the last job of a batch may wait for the ones before it, judged by recent job durations. */
	private const BATCH_MS = 50.0;

	/** The most jobs one claim takes. */
	private const MAX_BATCH = 16;

	/** Weight of the newest duration in the running average. */
	private const SMOOTHING = 0.3;

	/** @var list<Job> Claimed, not yet handed out. */
	private array $waiting = array();

	/** @var array<string, int> Lease length per type, from the last claim. */
	private array $leases = array();

	/** When the waiting jobs were claimed (microtime). */
	private float $claimed_at = 0.0;

	/** Running average of how long a job took, in milliseconds; null before the first. */
	private ?float $average_ms = null;

	public function __construct( private readonly JobClaimer $claimer ) {}

	/**
	 * The next job to run: one already claimed, else a new claim of up to batch_size() (and $limit) jobs.
	 *
	 * @param list<string>       $types  Job types this runner may run.
	 * @param array<string, int> $leases Lease length per type.
	 * @param int                $limit  Jobs the runner may still run (its budget).
	 */
	public function next( array $types, array $leases, string $runner, int $limit ): ?Job {
		$this->leases = $leases;
		while ( array() !== $this->waiting ) {
			$job   = array_shift( $this->waiting );
			$lease = $leases[ $job->type ] ?? 60;
			if ( microtime( true ) - $this->claimed_at < $lease / 2 || $this->claimer->renew( $job, $lease ) ) {
				return $job;
			}
		}
		$jobs             = $this->claimer->claim_batch( $types, $leases, $runner, max( 1, min( $limit, $this->batch_size() ) ) );
		$this->claimed_at = microtime( true );
		$job              = array_shift( $jobs );
		$this->waiting    = $jobs;
		return $job;
	}

	/**
	 * Records how long the job just run took.
	 */
	public function finished( float $seconds ): void {
		$ms               = $seconds * 1000;
		$this->average_ms = null === $this->average_ms ? $ms : ( 1 - self::SMOOTHING ) * $this->average_ms + self::SMOOTHING * $ms;
	}

	/**
	 * How many jobs the next claim may take: one until jobs have shown they are short.
	 */
	public function batch_size(): int {
		if ( null === $this->average_ms ) {
			return 1;
		}
		return (int) max( 1, min( self::MAX_BATCH, floor( self::BATCH_MS / max( 0.01, $this->average_ms ) ) ) );
	}

	/**
	 * Keeps the waiting jobs' leases alive while the running one takes long (called at its heartbeats).
	 */
	public function extend_waiting(): void {
		if ( array() === $this->waiting ) {
			return;
		}
		$lease = max( array_map( fn( Job $job ): int => $this->leases[ $job->type ] ?? 60, $this->waiting ) );
		$this->claimer->extend( $this->waiting, $lease );
	}

	/**
	 * Gives back what was claimed and not run (the runner stops).
	 */
	public function release_all(): void {
		foreach ( $this->waiting as $job ) {
			$this->claimer->release( $job );
		}
		$this->waiting = array();
	}
}
