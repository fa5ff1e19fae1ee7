<?php
/**
 * The statuses a job can have, and the one table of transitions between them.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

final class JobStatus {

	public const PENDING    = 'pending';
	public const PROCESSING = 'processing';
	public const COMPLETED  = 'completed';
	public const FAILED     = 'failed';
	public const CANCELLED  = 'cancelled';
	public const EXPIRED    = 'expired';

	public const ALL = array( self::PENDING, self::PROCESSING, self::COMPLETED, self::FAILED, self::CANCELLED, self::EXPIRED );

	/** Statuses a job never leaves on its own. */
	public const FINISHED = array( self::COMPLETED, self::FAILED, self::CANCELLED, self::EXPIRED );

	/** Finished statuses a user may retry. */
	public const RETRYABLE = array( self::FAILED, self::CANCELLED, self::EXPIRED );

	/**
	 * Every allowed move: from => list of to. Anything else is refused.
	 * processing → pending is a retry after an error or a lost worker; finished → pending is a user's retry.
	 */
	private const TRANSITIONS = array(
		self::PENDING    => array( self::PROCESSING, self::CANCELLED, self::EXPIRED ),
		self::PROCESSING => array( self::COMPLETED, self::FAILED, self::CANCELLED, self::PENDING ),
		self::COMPLETED  => array(),
		self::FAILED     => array( self::PENDING ),
		self::CANCELLED  => array( self::PENDING ),
		self::EXPIRED    => array( self::PENDING ),
	);

	public static function is_valid( string $status ): bool {
		return in_array( $status, self::ALL, true );
	}

	public static function is_finished( string $status ): bool {
		return in_array( $status, self::FINISHED, true );
	}

	public static function can_transition( string $from, string $to ): bool {
		return in_array( $to, self::TRANSITIONS[ $from ] ?? array(), true );
	}

	/**
	 * The statuses a job may be in just before moving to $to (for guarded UPDATE … WHERE status IN (…)).
	 *
	 * @return list<string>
	 */
	public static function sources_of( string $to ): array {
		$sources = array();
		foreach ( self::TRANSITIONS as $from => $targets ) {
			if ( in_array( $to, $targets, true ) ) {
				$sources[] = $from;
			}
		}
		return $sources;
	}
}
