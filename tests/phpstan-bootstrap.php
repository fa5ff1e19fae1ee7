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
