<?php
/**
 * Router for PHP's built-in server: real files are served as they are, every other path goes to WordPress.
 *
 * @package IACP
 */

$iacp_path = (string) parse_url( $_SERVER['REQUEST_URI'] ?? '/', PHP_URL_PATH );
$iacp_file = $_SERVER['DOCUMENT_ROOT'] . $iacp_path;

if ( is_file( $iacp_file ) || ( is_dir( $iacp_file ) && is_file( rtrim( $iacp_file, '/' ) . '/index.php' ) ) ) {
	return false;
}

$_SERVER['SCRIPT_NAME']     = '/index.php';
$_SERVER['SCRIPT_FILENAME'] = $_SERVER['DOCUMENT_ROOT'] . '/index.php';
$_SERVER['PHP_SELF']        = '/index.php';
require $_SERVER['DOCUMENT_ROOT'] . '/index.php';
