<?php
/**
 * Constants plugin.php defines at run time, for PHPStan.
 *
 * @package IACP
 */

define( 'IACP_VERSION', '0.0.0' );
define( 'IACP_FILE', __DIR__ . '/../plugin.php' );
define( 'IACP_MIN_PHP', '8.1' );
define( 'IACP_MIN_WP', '6.5' );

// WordPress constants the stubs do not declare.
define( 'ABSPATH', '/tmp/wordpress/' );
define( 'ARRAY_A', 'ARRAY_A' );
define( 'ARRAY_N', 'ARRAY_N' );
define( 'OBJECT', 'OBJECT' );
define( 'MINUTE_IN_SECONDS', 60 );
define( 'HOUR_IN_SECONDS', 3600 );
define( 'DAY_IN_SECONDS', 86400 );
define( 'WEEK_IN_SECONDS', 604800 );
define( 'KB_IN_BYTES', 1024 );
define( 'MB_IN_BYTES', 1048576 );

require __DIR__ . '/phpstan-wp-cli-stubs.php';

// The core AI client (WordPress ≥ 7.0) the connector classes build on, from the newest core the test sites unpack.
foreach ( (array) glob( __DIR__ . '/../.iacp-env/core/*/wp-includes/php-ai-client/autoload.php' ) as $iacp_ai_client ) {
	require_once $iacp_ai_client;
	break;
}
