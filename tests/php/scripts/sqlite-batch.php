<?php
/**
 * Runs a small excerpt batch to its end on the SQLite site (the `npm start` database) in a separate process and
 * prints JSON: its status, item counts and the excerpts written.
 *
 * Usage: php sqlite-batch.php WP_PATH AI_URL
 *
 * @package IACP
 */

$_SERVER['HTTP_HOST']      = 'localhost';
$_SERVER['REQUEST_URI']    = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
require $argv[1] . '/wp-load.php';
add_filter( 'iacp_instant_kick', '__return_false' );

global $wpdb;
iacp()->settings()->update(
	array(
		'provider_base_url'            => $argv[2],
		'text_model'                   => 'iacp-text-1',
		'provider_max_in_flight'       => 2,
		'provider_requests_per_minute' => 100000,
	)
);
iacp()->api_key_store()->save( 'test-key' );
$iacp_user = wp_insert_user(
	array(
		'user_login' => 'sqlite_batch_' . wp_generate_password( 6, false ),
		'user_pass'  => wp_generate_password(),
		'role'       => 'editor',
	)
);
wp_set_current_user( $iacp_user );
$iacp_posts = array();
for ( $iacp_i = 0; $iacp_i < 5; $iacp_i++ ) {
	$iacp_posts[] = wp_insert_post(
		array(
			'post_title'   => "SQLite batch {$iacp_i}",
			'post_content' => "A story on SQLite number {$iacp_i}.",
			'post_status'  => 'draft',
			'post_author'  => $iacp_user,
		)
	);
}
$iacp_batch = iacp()->batch_service()->create(
	array(
		'action' => 'excerpt',
		'filter' => array(
			'post_type' => 'post',
			'author'    => $iacp_user,
		),
	),
	$iacp_user
);
if ( is_wp_error( $iacp_batch ) ) {
	echo wp_json_encode( array( 'error' => $iacp_batch->get_error_message() ) ), "\n";
	exit( 1 );
}
$iacp_deadline = microtime( true ) + 60;
do {
	$wpdb->query( $wpdb->prepare( 'UPDATE ' . iacp()->job_repository()->table() . " SET available_at = %d WHERE type = 'batch_step' AND status = 'pending'", time() ) ); // phpcs:ignore
	iacp()->runner()->run( new IACP\Queue\RunnerBudget( IACP\Queue\RunnerBudget::CLI, 10, 0, 0, 0.0, 0.05, array( 'batch_step', 'post_field' ) ) );
	$iacp_status = iacp()->batch_repository()->find( $iacp_batch->id )->status;
} while ( 'completed' !== $iacp_status && microtime( true ) < $iacp_deadline );

$iacp_excerpts = array();
foreach ( $iacp_posts as $iacp_post ) {
	clean_post_cache( $iacp_post );
	$iacp_excerpts[] = get_post( $iacp_post )->post_excerpt;
	wp_delete_post( $iacp_post, true );
}
require_once ABSPATH . 'wp-admin/includes/user.php';
wp_delete_user( $iacp_user );
echo wp_json_encode(
	array(
		'engine'   => defined( 'DB_ENGINE' ) ? DB_ENGINE : 'mysql',
		'status'   => $iacp_status,
		'total'    => $iacp_batch->total,
		'counts'   => iacp()->batch_items()->counts( $iacp_batch->id ),
		'excerpts' => $iacp_excerpts,
	)
), "\n";
