<?php
/**
 * Drives the job engine on the SQLite site in a separate process and prints JSON.
 *
 * Usage: php sqlite-queue.php WP_PATH setup N | claim-all | run-ordered | rest-author JOBS_PER_MINUTE | started USER_ID
 *
 * @package IACP
 */

$_SERVER['HTTP_HOST']      = 'localhost';
$_SERVER['REQUEST_URI']    = '/';
$_SERVER['REQUEST_METHOD'] = 'GET';
require $argv[1] . '/wp-load.php';
add_filter( 'iacp_instant_kick', '__return_false' );

global $wpdb;
$iacp_repo = iacp()->job_repository();
switch ( $argv[2] ) {
	case 'setup':
		iacp()->jobs_schema()->install_if_needed();
		$wpdb->query( 'DELETE FROM ' . $iacp_repo->table() );
		$iacp_ids = array();
		for ( $i = 0; $i < (int) $argv[3]; $i++ ) {
			$iacp_ids[] = iacp_enqueue_job( 'test_noop', array( 'value' => $i ) );
		}
		echo wp_json_encode( array( 'ids' => $iacp_ids, 'engine' => defined( 'DB_ENGINE' ) ? DB_ENGINE : 'mysql', 'skip_locked' => iacp()->job_claimer()->supports_skip_locked() ) ), "\n";
		break;
	case 'claim-all':
		$iacp_claimed = array();
		while ( null !== ( $iacp_job = iacp()->job_claimer()->claim_next( array( 'test_noop' ), array( 'test_noop' => 60 ), 'test' ) ) ) {
			$iacp_claimed[] = $iacp_job->public_id;
			usleep( 1000 );
		}
		echo wp_json_encode( array( 'claimed' => $iacp_claimed ) ), "\n";
		break;
	case 'run-ordered':
		iacp()->jobs_schema()->install_if_needed();
		$wpdb->query( 'DELETE FROM ' . $iacp_repo->table() );
		$iacp_order = array(
			iacp_enqueue_job( 'test_noop', array( 'value' => 'late' ), array( 'priority' => 20 ) ),
			iacp_enqueue_job( 'test_noop', array( 'value' => 'first' ), array( 'priority' => 1 ) ),
			iacp_enqueue_job( 'test_noop', array( 'value' => 'delayed' ), array( 'delay' => 60 ) ),
		);
		$iacp_seen = array();
		add_action( 'iacp_job_processed', static function ( $job, $outcome ) use ( &$iacp_seen ) { $iacp_seen[] = array( $job->public_id, $outcome ); }, 10, 2 );
		$iacp_summary = iacp()->runner()->run( new IACP\Queue\RunnerBudget( 'cli', 10, 0, 0, 0.0, 0.05, array( 'test_noop' ) ) );
		echo wp_json_encode( array( 'created' => $iacp_order, 'processed' => $iacp_seen, 'statuses' => array_map( static fn( $id ) => iacp_get_job( $id )['status'], $iacp_order ) ) ), "\n";
		break;
	case 'rest-author':
		// An author with an application password, and a per-minute limit, for requests over HTTP.
		iacp()->jobs_schema()->install_if_needed();
		iacp()->usage_ledger_schema()->install_if_needed();
		iacp()->settings()->update(
			array(
				'jobs_per_minute' => (int) $argv[3],
				'max_active_jobs' => 1000,
			)
		);
		$iacp_login = 'parallel_' . wp_generate_password( 8, false );
		$iacp_user  = wp_insert_user( array( 'user_login' => $iacp_login, 'user_pass' => wp_generate_password(), 'user_email' => $iacp_login . '@example.com', 'role' => 'author' ) );
		$iacp_pass  = WP_Application_Passwords::create_new_application_password( $iacp_user, array( 'name' => 'iacp-test' ) );
		echo wp_json_encode( array( 'user_id' => $iacp_user, 'login' => $iacp_login, 'password' => $iacp_pass[0] ) ), "\n";
		break;
	case 'started':
		$iacp_user_id = (int) $argv[3];
		echo wp_json_encode(
			array(
				'jobs'   => (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM ' . $iacp_repo->table() . ' WHERE user_id = %d', $iacp_user_id ) ),
				'starts' => iacp()->usage_ledger()->count_starts_since( $iacp_user_id, 0 ),
			)
		), "\n";
		iacp()->settings()->update( array( 'jobs_per_minute' => 20, 'max_active_jobs' => 10 ) );
		require_once ABSPATH . 'wp-admin/includes/user.php';
		wp_delete_user( $iacp_user_id );
		break;
}
