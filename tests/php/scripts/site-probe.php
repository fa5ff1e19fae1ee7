<?php
/**
 * Loads a site's WordPress in a fresh process, optionally activates, deactivates or uninstalls IACP, and prints
 * what the plugin left behind as JSON. PHP notices raised meanwhile are collected, not printed.
 *
 * Usage: php site-probe.php WP_PATH [state|activate|deactivate|uninstall]...
 *
 * @package IACP
 */

$iacp_notices = array();
set_error_handler(
	static function ( int $level, string $message, string $file, int $line ) use ( &$iacp_notices ): bool {
		$iacp_notices[] = compact( 'level', 'message', 'file', 'line' );
		return true;
	}
);

$iacp_wp_path = $argv[1];
$iacp_actions = array_slice( $argv, 2 );

$_SERVER['HTTP_HOST']      = 'localhost';
$_SERVER['REQUEST_URI']    = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
require $iacp_wp_path . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

$iacp_plugin = 'iacp/plugin.php';
foreach ( $iacp_actions as $iacp_action ) {
	switch ( $iacp_action ) {
		case 'activate':
			$iacp_result = activate_plugin( $iacp_plugin );
			if ( is_wp_error( $iacp_result ) ) {
				$iacp_notices[] = array( 'level' => 0, 'message' => $iacp_result->get_error_message(), 'file' => '', 'line' => 0 );
			}
			break;
		case 'deactivate':
			deactivate_plugins( $iacp_plugin );
			break;
		case 'uninstall':
			deactivate_plugins( $iacp_plugin );
			uninstall_plugin( $iacp_plugin );
			break;
	}
}

global $wpdb;
$iacp_crons = array();
foreach ( (array) _get_cron_array() as $iacp_events ) {
	foreach ( array_keys( $iacp_events ) as $iacp_hook ) {
		if ( str_starts_with( (string) $iacp_hook, 'iacp_' ) ) {
			$iacp_crons[] = $iacp_hook;
		}
	}
}
$iacp_like = $wpdb->esc_like( 'iacp_' ) . '%';

echo json_encode(
	array(
		'db_engine'      => defined( 'DB_ENGINE' ) ? DB_ENGINE : 'mysql',
		'wp_version'     => get_bloginfo( 'version' ),
		'active'         => is_plugin_active( $iacp_plugin ),
		'loaded'         => did_action( 'iacp_loaded' ) > 0,
		'version_option' => get_option( 'iacp_version', null ),
		'options'        => $wpdb->get_col( $wpdb->prepare( "SELECT option_name FROM {$wpdb->options} WHERE option_name LIKE %s", $iacp_like ) ),
		'tables'         => $wpdb->get_col( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->esc_like( $wpdb->prefix . 'iacp_' ) . '%' ) ),
		'cron_hooks'     => array_values( array_unique( $iacp_crons ) ),
		'preview_dir'    => is_dir( wp_upload_dir( null, false )['basedir'] . '/iacp-tmp' ),
		'notices'        => $iacp_notices,
	)
) . "\n";
