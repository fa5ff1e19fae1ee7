<?php
/**
 * A job's log: a short, capped list of { time, attempt, message, data } entries stored as JSON with the job.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

final class JobLog {

	/** Entries kept per job; the oldest go first. */
	public const CAP = 50;

	/** Key of an entry's data that only managers see: technical detail such as the provider's own words. */
	public const DETAIL = 'detail';

	/**
	 * @param list<array<string, mixed>> $log  The log so far.
	 * @param array<string, scalar|null> $data Small structured details.
	 * @return list<array<string, mixed>>
	 */
	public static function append( array $log, string $message, int $attempt, array $data = array() ): array {
		$log[] = array(
			'time'    => time(),
			'attempt' => $attempt,
			'message' => $message,
			'data'    => (object) $data,
		);
		return array_values( array_slice( $log, -self::CAP ) );
	}

	/**
	 * @return list<array<string, mixed>>
	 */
	public static function decode( ?string $json ): array {
		$log = null === $json || '' === $json ? array() : json_decode( $json, true );
		return is_array( $log ) ? array_values( array_filter( $log, 'is_array' ) ) : array();
	}
}
