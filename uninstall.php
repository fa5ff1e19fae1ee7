<?php
/**
 * Uninstall: removes everything IACP created — its table, options, transients, cron events and temporary files.
 *
 * @package IACP
 */

declare( strict_types=1 );

if ( ! defined( 'WP_UNINSTALL_PLUGIN' ) ) {
	exit;
}

require_once __DIR__ . '/vendor/autoload.php';

( new IACP\Lifecycle\Uninstaller() )->uninstall();
