<?php
/**
 * A job's log: { time, attempt, message, data } entries stored with the job as JSON lines ("\n" + one JSON object
 * per entry), so a write adds an entry by having the database append a line (JobRows::assignments) instead of
 * reading the row first. Readers keep the newest CAP entries; the claim trims the stored log to that many (it reads
 * the row anyway), so it stays bounded without an extra statement.
 *
 * Logs written before schema version 4 are one JSON array; an appended line starts on its own line after it, so they
 * read back as that array's entries followed by the new ones.
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
	 * One entry, encoded as the line the database appends to the stored log.
	 *
	 * @param array<string, scalar|null> $data Small structured details.
	 */
	public static function line( string $message, int $attempt, array $data = array() ): string {
		return "\n" . wp_json_encode( self::entry( $message, $attempt, $data ) );
	}

	/**
	 * Adds an entry to a decoded log (for a write that replaces the whole log), keeping the newest CAP.
	 *
	 * @param list<array<string, mixed>> $log  The log so far.
	 * @param array<string, scalar|null> $data Small structured details.
	 * @return list<array<string, mixed>>
	 */
	public static function append( array $log, string $message, int $attempt, array $data = array() ): array {
		$log[] = self::entry( $message, $attempt, $data );
		return array_values( array_slice( $log, -self::CAP ) );
	}

	/**
	 * A whole log as stored text.
	 *
	 * @param list<array<string, mixed>> $log Entries.
	 */
	public static function encode( array $log ): string {
		$text = '';
		foreach ( $log as $entry ) {
			$text .= "\n" . wp_json_encode( $entry );
		}
		return $text;
	}

	/**
	 * The newest CAP entries of a stored log.
	 *
	 * @return list<array<string, mixed>>
	 */
	public static function decode( ?string $stored ): array {
		$log = array();
		foreach ( explode( "\n", (string) $stored ) as $line ) {
			$value = '' === $line ? null : json_decode( $line, true );
			if ( ! is_array( $value ) ) {
				continue;
			}
			if ( array_is_list( $value ) ) {
				// A log stored before schema version 4: one JSON array of entries.
				array_push( $log, ...array_values( array_filter( $value, 'is_array' ) ) );
			} else {
				$log[] = $value;
			}
		}
		return array_values( array_slice( $log, -self::CAP ) );
	}

	/**
	 * How many entries a stored log holds (without decoding it).
	 */
	public static function count_lines( ?string $stored ): int {
		return substr_count( (string) $stored, "\n" );
	}

	/**
	 * One entry, not yet encoded.
	 *
	 * @param array<string, scalar|null> $data Small structured details.
	 * @return array<string, mixed>
	 */
	public static function entry( string $message, int $attempt, array $data ): array {
		return array(
			'time'    => time(),
			'attempt' => $attempt,
			'message' => $message,
			'data'    => (object) $data,
		);
	}
}
