<?php
/**
 * How a job maps onto a row of the jobs table: the columns a write may set (an allowlist, with their placeholder
 * types), SQL fragments built from them, and the Job a row becomes. Shared by every class that writes SQL on the
 * table (JobRepository, Queue\JobClaimer).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

final class JobRows {

	/** Columns a write may set, with their placeholder type. */
	public const COLUMNS = array(
		'public_id'         => '%s',
		'user_id'           => '%d',
		'post_id'           => '%d',
		'type'              => '%s',
		'status'            => '%s',
		'priority'          => '%d',
		'attempts'          => '%d',
		'max_attempts'      => '%d',
		'available_at'      => '%d',
		'lease_token'       => '%s',
		'lease_expires_at'  => '%d',
		'heartbeat_at'      => '%d',
		'cancel_requested'  => '%d',
		'progress'          => '%d',
		'stage'             => '%s',
		'partial_output'    => '%s',
		'input'             => '%s',
		'result'            => '%s',
		'error_code'        => '%s',
		'error_message'     => '%s',
		'idempotency_key'   => '%s',
		'prompt_tokens'     => '%d',
		'completion_tokens' => '%d',
		'created_at'        => '%d',
		'started_at'        => '%d',
		'finished_at'       => '%d',
		'expires_at'        => '%d',
		'updated_at'        => '%d',
		'log'               => '%s',
	);

	/**
	 * Placeholders for an IN (…) list.
	 *
	 * @param list<string> $values Values.
	 * @return array{ string, list<string> }
	 */
	public static function in( array $values ): array {
		$values = array_values( $values );
		return array( implode( ', ', array_fill( 0, count( $values ), '%s' ) ), $values );
	}

	/**
	 * `col = %s, col2 = NULL …` for allowlisted columns; arrays become JSON. `log` given as a string (a
	 * JobLog::line()) is appended by the database, so the writer need not read the row; given as a list of entries
	 * it replaces the stored log.
	 *
	 * @param array<string, mixed> $changes Column => value.
	 * @return array{ string, list<mixed> }
	 */
	public static function assignments( array $changes ): array {
		[ $columns, $formats, $values ] = self::columns( $changes, false );
		$parts                          = array();
		foreach ( $columns as $i => $column ) {
			$parts[] = 'log' === $column && is_string( $changes['log'] )
				? "log = CONCAT(COALESCE(log, ''), {$formats[ $i ]})"
				: "{$column} = {$formats[ $i ]}";
		}
		return array( implode( ', ', $parts ), $values );
	}

	/**
	 * Column names, placeholders and values of a write.
	 *
	 * @param array<string, mixed> $changes    Column => value.
	 * @param bool                 $for_insert Allow the revision column (inserts only).
	 * @return array{ list<string>, list<string>, list<mixed> }
	 */
	public static function columns( array $changes, bool $for_insert ): array {
		$columns = array();
		$formats = array();
		$values  = array();
		foreach ( $changes as $column => $value ) {
			if ( ! isset( self::COLUMNS[ $column ] ) && ! ( $for_insert && 'revision' === $column ) ) {
				throw new \InvalidArgumentException( sprintf( 'Unknown job column "%s".', esc_html( $column ) ) );
			}
			$columns[] = $column;
			if ( null === $value ) {
				$formats[] = 'NULL';
				continue;
			}
			if ( 'log' === $column && is_array( $value ) ) {
				$value = JobLog::encode( $value );
			} elseif ( is_array( $value ) || is_object( $value ) ) {
				$value = (string) wp_json_encode( $value );
			}
			$formats[] = self::COLUMNS[ $column ] ?? '%d';
			$values[]  = is_bool( $value ) ? (int) $value : $value;
		}
		return array( $columns, $formats, $values );
	}

	/**
	 * @param array<string, mixed> $row A row as read.
	 */
	public static function hydrate( array $row ): Job {
		$input  = json_decode( (string) $row['input'], true );
		$result = null === $row['result'] ? null : json_decode( (string) $row['result'], true );
		$int    = static fn( mixed $value ): ?int => null === $value ? null : (int) $value;
		return new Job(
			(int) $row['id'],
			(string) $row['public_id'],
			(int) $row['user_id'],
			$int( $row['post_id'] ),
			(string) $row['type'],
			(string) $row['status'],
			(int) $row['priority'],
			(int) $row['attempts'],
			(int) $row['max_attempts'],
			(int) $row['available_at'],
			null === $row['lease_token'] ? null : (string) $row['lease_token'],
			$int( $row['lease_expires_at'] ),
			$int( $row['heartbeat_at'] ),
			1 === (int) $row['cancel_requested'],
			(int) $row['progress'],
			null === $row['stage'] ? null : (string) $row['stage'],
			null === $row['partial_output'] ? null : (string) $row['partial_output'],
			is_array( $input ) ? $input : array(),
			is_array( $result ) ? $result : null,
			null === $row['error_code'] ? null : (string) $row['error_code'],
			null === $row['error_message'] ? null : (string) $row['error_message'],
			null === $row['idempotency_key'] ? null : (string) $row['idempotency_key'],
			(int) $row['prompt_tokens'],
			(int) $row['completion_tokens'],
			(int) $row['created_at'],
			$int( $row['started_at'] ),
			$int( $row['finished_at'] ),
			(int) $row['expires_at'],
			(int) $row['updated_at'],
			JobLog::decode( $row['log'] )
		);
	}

	/**
	 * @param mixed $rows What $wpdb->get_results() answered.
	 * @return list<Job>
	 */
	public static function hydrate_all( mixed $rows ): array {
		return array_values( array_map( array( self::class, 'hydrate' ), is_array( $rows ) ? $rows : array() ) );
	}
}
