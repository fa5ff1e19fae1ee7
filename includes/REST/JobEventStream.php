<?php
/**
 * What one open event stream does, apart from HTTP: reads the job (one query a tick, every 0.5 s while it changes,
 * slowing to every 2 s while it does not), and sends each change — once the viewer may still see the job. The read
 * brings what access rests on (JobWatch); when that changed, or 10 s after the last full check, the caches are
 * dropped and JobAccess decides again. A job that is gone, or no longer the viewer's to see, ends the stream the
 * same way (`end` with reason `gone`), as GET /jobs/{id} answers both with the same 404.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\REST;

use IACP\Jobs\Job;
use IACP\Jobs\JobPresenter;
use IACP\Jobs\JobStatus;
use IACP\Jobs\JobWatch;
use IACP\Security\JobAccess;

final class JobEventStream {

	public const MIN_INTERVAL_MS = 500;
	public const MAX_INTERVAL_MS = 2000;

	/** A job that has just started and has no words yet is read faster in a stream's first seconds: they are awaited. */
	private const EARLY_INTERVAL_MS = 100;
	private const EARLY_SECONDS     = 5;

	/** Access rules that depend on more than the post and the viewer's roles (plugins' filters) are re-run this often. */
	private const FULL_CHECK_SECONDS = 10;

	/** Fingerprint of what the last access decision rested on ('' before the first read). */
	private string $basis = '';

	private float $checked_at = 0.0;

	public function __construct(
		private readonly JobWatch $watch,
		private readonly JobPresenter $presenter,
		private readonly JobAccess $access
	) {}

	/**
	 * Streams until the job ends, the lifetime is over, the viewer may no longer see it, or the client goes away.
	 *
	 * @param Job $job A job the current user may see (checked by the route).
	 */
	public function run( Job $job, float $lifetime, EventSink $sink ): void {
		$opened           = microtime( true );
		$deadline         = $opened + $lifetime;
		$last_etag        = '';
		$interval         = self::MIN_INTERVAL_MS;
		$this->checked_at = microtime( true );
		$this->basis      = '';
		while ( true ) {
			$seen = $this->watch->read( $job->id, get_current_user_id() );
			if ( null === $seen || ! $this->may_see( $seen['job'], $seen['access'] ) ) {
				$sink->event( 'end', array( 'reason' => 'gone' ) );
				break;
			}
			$etag = $this->presenter->etag( $seen['job'] );
			if ( $etag !== $last_etag ) {
				$last_etag = $etag;
				$interval  = self::MIN_INTERVAL_MS;
				$sink->event( 'job', $this->presenter->present( $seen['job'] ), $etag );
			} else {
				$interval = min( self::MAX_INTERVAL_MS, (int) ( $interval * 1.5 ) );
				// A few bytes each quiet tick: proxies keep the stream, and PHP notices a client that left (and ends the
				// request, freeing its stream slot) within a tick.
				$sink->heartbeat();
			}
			if ( $seen['job']->is_finished() ) {
				$sink->event( 'end', array( 'status' => $seen['job']->status ) );
				break;
			}
			if ( microtime( true ) >= $deadline ) {
				$sink->event( 'reconnect', array( 'after_ms' => 0 ) );
				break;
			}
			if ( ! $sink->flush() ) {
				return;
			}
			$awaited = JobStatus::PROCESSING === $seen['job']->status && '' === (string) $seen['job']->partial_output;
			$wait    = $awaited && microtime( true ) - $opened < self::EARLY_SECONDS ? self::EARLY_INTERVAL_MS : $interval;
			usleep( 1000 * (int) min( $wait, max( 1, ( $deadline - microtime( true ) ) * 1000 ) ) );
		}
		$sink->flush();
	}

	/**
	 * Whether the viewer may still see the job: the last decision while what it rests on is unchanged and recent,
	 * else a fresh one from the database (not from this long request's caches).
	 */
	private function may_see( Job $job, string $basis ): bool {
		if ( '' === $this->basis ) {
			// The first read: the route has just checked access.
			$this->basis = $basis;
			return true;
		}
		if ( $basis === $this->basis && microtime( true ) - $this->checked_at < self::FULL_CHECK_SECONDS ) {
			return true;
		}
		$this->basis      = $basis;
		$this->checked_at = microtime( true );
		wp_cache_delete( get_current_user_id(), 'user_meta' );
		if ( null !== $job->post_id ) {
			wp_cache_delete( $job->post_id, 'posts' );
		}
		wp_get_current_user()->for_site();
		return $this->access->can_see( $job );
	}
}
