<?php
/**
 * Drives the job engine on the SQLite site in a separate process and prints JSON.
 *
 * Usage: php sqlite-queue.php WP_PATH setup N | claim-all | run-ordered
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
}
