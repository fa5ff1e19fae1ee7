<?php
/**
 * PHPUnit bootstrap: loads the real WordPress of the test environment (MariaDB, plugin active) in this process.
 *
 * The environment is started by `npm test`, or by hand with `node bin/env.mjs start test`.
 *
 * @package IACP
 */

declare( strict_types=1 );

require_once dirname( __DIR__, 2 ) . '/vendor/autoload.php';

$iacp_env = IACP\Tests\TestEnvironment::load( 'IACP_ENV_FILE', 'test' );

// WordPress reads these to build URLs when it runs outside a web request.
$_SERVER['HTTP_HOST']      = (string) parse_url( $iacp_env['url'], PHP_URL_HOST ) . ':' . (string) parse_url( $iacp_env['url'], PHP_URL_PORT );
$_SERVER['SERVER_NAME']    = 'localhost';
$_SERVER['REQUEST_URI']    = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';

require $iacp_env['wp_path'] . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/user.php';

if ( ! is_plugin_active( 'iacp/plugin.php' ) ) {
	fwrite( STDERR, "IACP is not active on the test site; restart it with: node bin/env.mjs start test\n" );
	exit( 1 );
}
