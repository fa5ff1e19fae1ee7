<?php
/**
 * Plugin Name:       AI Content Pipeline
 * Description:       Runs slow AI work — writing, rewriting, images, field refinement — as background jobs, so nobody waits on a spinning request.
 * Version:           0.1.0
 * Requires at least: 6.5
 * Tested up to:      7.1
 * Requires PHP:      8.1
 * Author:            IACP contributors
 * License:           GPL-2.0-or-later
 * Text Domain:       iacp
 * Domain Path:       /languages
 *
 * @package IACP
 */

// This file must parse on old PHP, so that the version notice below can be shown: no PHP 8 syntax here.
if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

define( 'IACP_VERSION', '0.1.0' );
define( 'IACP_FILE', __FILE__ );
define( 'IACP_MIN_PHP', '8.1' );
define( 'IACP_MIN_WP', '6.5' );

/**
 * Says why the plugin did not start, to administrators only.
 *
 * @param string $message Plain-text reason.
 * @return void
 */
function iacp_requirements_notice( $message ) {
	add_action(
		'admin_notices',
		function () use ( $message ) {
			if ( current_user_can( 'activate_plugins' ) ) {
				printf( '<div class="notice notice-error"><p>%s</p></div>', esc_html( $message ) );
			}
		}
	);
}

if ( version_compare( PHP_VERSION, IACP_MIN_PHP, '<' ) ) {
	/* translators: 1: required PHP version, 2: running PHP version. */
	iacp_requirements_notice( sprintf( __( 'AI Content Pipeline needs PHP %1$s or newer; this site runs PHP %2$s. The plugin is inactive until PHP is upgraded.', 'iacp' ), IACP_MIN_PHP, PHP_VERSION ) );
	return;
}

if ( version_compare( get_bloginfo( 'version' ), IACP_MIN_WP, '<' ) ) {
	/* translators: 1: required WordPress version, 2: running WordPress version. */
	iacp_requirements_notice( sprintf( __( 'AI Content Pipeline needs WordPress %1$s or newer; this site runs WordPress %2$s. The plugin is inactive until WordPress is updated.', 'iacp' ), IACP_MIN_WP, get_bloginfo( 'version' ) ) );
	return;
}

if ( ! is_readable( __DIR__ . '/vendor/autoload.php' ) ) {
	iacp_requirements_notice( __( 'AI Content Pipeline is missing its autoloader (vendor/autoload.php). Install it from a release zip, or run "composer install" in the plugin folder.', 'iacp' ) );
	return;
}

require_once __DIR__ . '/vendor/autoload.php';

register_activation_hook( __FILE__, array( 'IACP\\Lifecycle\\Activator', 'activate' ) );
register_deactivation_hook( __FILE__, array( 'IACP\\Lifecycle\\Deactivator', 'deactivate' ) );

iacp()->register();
