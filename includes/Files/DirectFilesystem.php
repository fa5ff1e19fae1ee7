<?php
/**
 * WordPress's filesystem API for the folders PHP itself must be able to write — uploads and the temporary folder —
 * used the way core writes uploads: directly. WP_Filesystem() could pick FTP or SSH there, whose credentials a
 * worker or a loopback runner never has.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Files;

final class DirectFilesystem {

	public static function get(): \WP_Filesystem_Direct {
		// @phpstan-ignore-next-line -- WordPress core files, present at run time.
		require_once ABSPATH . 'wp-admin/includes/class-wp-filesystem-base.php';
		// @phpstan-ignore-next-line -- as above.
		require_once ABSPATH . 'wp-admin/includes/class-wp-filesystem-direct.php';
		return new \WP_Filesystem_Direct( null );
	}

	/**
	 * The permissions WordPress gives the files it writes (FS_CHMOD_FILE when the site set it).
	 */
	public static function file_mode(): int {
		return defined( 'FS_CHMOD_FILE' ) ? (int) FS_CHMOD_FILE : 0644;
	}
}
