<?php
/**
 * Temporary preview files of image jobs: uploads/iacp-tmp/<unguessable dir>/, never base64 in the database.
 * A job that fails for good deletes its folder at once, one that completes a few minutes later (delete_later());
 * the daily purge removes leftovers older than a day.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\JobTypes;

use IACP\Files\DirectFilesystem;

final class ImageFiles {

	public const DIR = 'iacp-tmp';

	public const MAX_AGE = 86400;

	/** Seconds a finished job's previews stay: a dialog that saw them may still be loading them. */
	public const LINGER = 300;

	/** The one-off WP-Cron event that deletes a finished job's previews. */
	public const DELETE_HOOK = 'iacp_delete_preview_folder';

	/**
	 * Creates a fresh folder and returns its name (32 random hex characters).
	 *
	 * @throws \IACP\Jobs\PermanentJobError When the uploads folder is not writable or full.
	 */
	public function create_folder(): string {
		$root = $this->root();
		if ( ! wp_mkdir_p( $root ) ) {
			throw UploadsStorage::failure( $root ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
		foreach ( array(
			'index.html' => '',
			'.htaccess'  => "Options -Indexes\n",
		) as $file => $content ) {
			if ( ! file_exists( $root . '/' . $file ) ) {
				DirectFilesystem::get()->put_contents( $root . '/' . $file, $content, DirectFilesystem::file_mode() );
			}
		}
		$folder = bin2hex( random_bytes( 16 ) );
		if ( ! wp_mkdir_p( $root . '/' . $folder ) ) {
			throw UploadsStorage::failure( $root . '/' . $folder ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
		return $folder;
	}

	public function path( string $folder, string $file = '' ): string {
		return $this->root() . '/' . $this->clean( $folder ) . ( '' === $file ? '' : '/' . sanitize_file_name( $file ) );
	}

	public function url( string $folder, string $file ): string {
		return $this->uploads()['baseurl'] . '/' . self::DIR . '/' . $this->clean( $folder ) . '/' . rawurlencode( sanitize_file_name( $file ) );
	}

	public function delete_folder( string $folder ): void {
		$folder = $this->clean( $folder );
		if ( '' === $folder ) {
			return;
		}
		$path  = $this->path( $folder );
		$files = glob( $path . '/*' );
		foreach ( false === $files ? array() : $files as $file ) {
			wp_delete_file( $file );
		}
		if ( is_dir( $path ) ) {
			DirectFilesystem::get()->rmdir( $path );
		}
	}

	/**
	 * Deletes a finished job's previews a few minutes from now, not at once: an editor that received their URLs a
	 * moment before the job completed would otherwise request files that are gone. Without WP-Cron the daily purge
	 * still removes them.
	 */
	public function delete_later( string $folder ): void {
		$folder = $this->clean( $folder );
		if ( '' !== $folder ) {
			wp_schedule_single_event( time() + self::LINGER, self::DELETE_HOOK, array( $folder ) );
		}
	}

	/**
	 * Deletes folders older than MAX_AGE (jobs that crashed or failed for good). Hooked to `iacp_purge_jobs`.
	 *
	 * @return int Folders deleted.
	 */
	public function purge( ?int $now = null ): int {
		$now     = $now ?? time();
		$deleted = 0;
		$dirs    = glob( $this->root() . '/*', GLOB_ONLYDIR );
		foreach ( false === $dirs ? array() : $dirs as $dir ) {
			$mtime = (int) filemtime( $dir );
			if ( $mtime > 0 && $mtime < $now - self::MAX_AGE ) {
				$this->delete_folder( basename( $dir ) );
				++$deleted;
			}
		}
		return $deleted;
	}

	/**
	 * Deletes every preview folder and the folder that holds them (uninstall).
	 */
	public function remove_all(): void {
		$root = $this->root();
		if ( ! is_dir( $root ) ) {
			return;
		}
		foreach ( array_diff( (array) scandir( $root ), array( '.', '..' ) ) as $entry ) {
			if ( is_dir( $root . '/' . $entry ) ) {
				$this->delete_folder( (string) $entry );
			} else {
				// The index.html and .htaccess that keep the folder from being listed.
				wp_delete_file( $root . '/' . $entry );
			}
		}
		DirectFilesystem::get()->rmdir( $root );
	}

	private function root(): string {
		return $this->uploads()['basedir'] . '/' . self::DIR;
	}

	/**
	 * @return array{basedir: string, baseurl: string}
	 */
	private function uploads(): array {
		$uploads = wp_upload_dir( null, false );
		return array(
			'basedir' => untrailingslashit( (string) $uploads['basedir'] ),
			'baseurl' => untrailingslashit( (string) $uploads['baseurl'] ),
		);
	}

	private function clean( string $folder ): string {
		return (string) preg_replace( '/[^a-f0-9]/', '', strtolower( $folder ) );
	}
}
