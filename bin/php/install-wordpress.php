<?php
/**
 * Installs WordPress into the database its wp-config names, activates IACP, sets pretty permalinks and creates
 * an application password for the admin. A site whose database is older than its core (the core was updated) gets the
 * database upgrade WordPress would run. Prints one JSON line: { installed, upgraded, application_password }.
 *
 * Usage: php install-wordpress.php WP_PATH URL ADMIN_USER ADMIN_PASSWORD
 *
 * @package IACP
 */

[ , $wp_path, $url, $admin_user, $admin_password ] = $argv;

define( 'WP_INSTALLING', true );
$_SERVER['HTTP_HOST']   = (string) parse_url( $url, PHP_URL_HOST ) . ( parse_url( $url, PHP_URL_PORT ) ? ':' . parse_url( $url, PHP_URL_PORT ) : '' );
$_SERVER['REQUEST_URI'] = '/';

require $wp_path . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';

// No mail server here: never try to send the welcome mail.
add_filter( 'pre_wp_mail', '__return_true' );
// Nor any update server: wp_install() would otherwise ask for translations and core updates.
add_filter( 'pre_http_request', static fn( $pre, $args, $url ) => str_contains( (string) wp_parse_url( $url, PHP_URL_HOST ), 'wordpress.org' ) ? new WP_Error( 'iacp_offline', 'offline' ) : $pre, 10, 3 );

$installed = false;
$upgraded  = false;
if ( ! is_blog_installed() ) {
	wp_install( 'IACP Development', $admin_user, 'admin@example.com', true, '', wp_slash( $admin_password ) );
	$installed = true;
} elseif ( (int) get_option( 'db_version' ) < (int) $wp_db_version ) {
	wp_upgrade();
	$upgraded = true;
}
// Every start: the site's address moves with IACP_PORT_OFFSET, and its loopback requests (the kick) must reach it.
update_option( 'siteurl', $url );
update_option( 'home', $url );
update_option( 'permalink_structure', '/%postname%/' );
flush_rewrite_rules( false );

$result = activate_plugin( 'iacp/plugin.php' );
if ( is_wp_error( $result ) ) {
	fwrite( STDERR, 'activating IACP failed: ' . $result->get_error_message() . "\n" );
	exit( 1 );
}

$admin = get_user_by( 'login', $admin_user );
$application_password = '';
if ( $admin && class_exists( 'WP_Application_Passwords' ) ) {
	foreach ( WP_Application_Passwords::get_user_application_passwords( $admin->ID ) as $item ) {
		if ( 'iacp-env' === $item['name'] ) {
			WP_Application_Passwords::delete_application_password( $admin->ID, $item['uuid'] );
		}
	}
	$created = WP_Application_Passwords::create_new_application_password( $admin->ID, array( 'name' => 'iacp-env' ) );
	if ( ! is_wp_error( $created ) ) {
		$application_password = $created[0];
	}
}

echo wp_json_encode(
	array(
		'installed'            => $installed,
		'upgraded'             => $upgraded,
		'application_password' => $application_password,
	)
) . "\n";
