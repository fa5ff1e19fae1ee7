<?php
/**
 * Test-only support loaded as a mu-plugin in test environments: never part of the shipped plugin.
 *
 * @package IACP
 */

declare( strict_types=1 );

// No mail server on test machines.
add_filter( 'pre_wp_mail', '__return_true' );
