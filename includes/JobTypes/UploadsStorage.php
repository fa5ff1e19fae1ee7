<?php
/**
 * When the uploads folder fails an image job — not writable, or its disk full — the job fails at once, in words
 * that say which and what to do: another attempt would only pay the provider again for images it cannot keep.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\JobTypes;

use IACP\Jobs\PermanentJobError;

final class UploadsStorage {

	/** Free bytes under which a folder's disk counts as full. */
	private const LOW_SPACE_BYTES = 1048576;

	/**
	 * Whether writing into this folder (or the nearest folder above it that exists) fails for lack of permission or
	 * space.
	 */
	public static function is_failing( string $path ): bool {
		$folder = self::existing( $path );
		return ! wp_is_writable( $folder ) || self::free_bytes( $folder ) < self::LOW_SPACE_BYTES;
	}

	/**
	 * The job's error for a write into $path that failed.
	 *
	 * @param int $needed Bytes the write needed.
	 */
	public static function failure( string $path, int $needed = 0 ): PermanentJobError {
		$folder = self::existing( $path );
		$free   = self::free_bytes( $folder );
		// For managers (the job log): where, and how much room was left.
		$detail = sprintf( '%s: %s, %s free, %s needed', $path, wp_is_writable( $folder ) ? 'writable' : 'not writable', PHP_FLOAT_MAX === $free ? 'unknown' : size_format( (int) $free ), size_format( $needed ) );
		if ( ! wp_is_writable( $folder ) ) {
			return new PermanentJobError( __( 'The image could not be saved: the uploads folder is not writable. Ask the site\'s administrator to check its permissions, then retry the job.', 'iacp' ), 'storage_not_writable', $detail );
		}
		if ( $free < max( $needed, self::LOW_SPACE_BYTES ) ) {
			return new PermanentJobError( __( 'The image could not be saved: the disk that holds the uploads folder is full. Free some space, then retry the job.', 'iacp' ), 'storage_full', $detail );
		}
		return new PermanentJobError( __( 'The image could not be saved in the uploads folder. Ask the site\'s administrator to check the folder, then retry the job.', 'iacp' ), 'storage_failed', $detail );
	}

	/**
	 * The path itself when it exists, else the nearest folder above it that does.
	 */
	private static function existing( string $path ): string {
		while ( '' !== $path && ! file_exists( $path ) && dirname( $path ) !== $path ) {
			$path = dirname( $path );
		}
		return is_dir( $path ) ? $path : dirname( $path );
	}

	private static function free_bytes( string $folder ): float {
		$free = @disk_free_space( $folder ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- unknown on some hosts: then not counted as full.
		return false === $free ? PHP_FLOAT_MAX : (float) $free;
	}
}
