<?php
/**
 * Base for integration tests on the real test site: users of every role, REST requests through rest_do_request(),
 * and a clean jobs table and usage ledger per test.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests;

use PHPUnit\Framework\TestCase;
use WP_REST_Request;
use WP_REST_Response;

abstract class IntegrationTestCase extends TestCase {

	/** @var list<int> Users this test created, deleted afterwards. */
	private array $created_users = array();

	/** @var list<int> Posts this test created, deleted afterwards. */
	private array $created_posts = array();

	protected function setUp(): void {
		global $wpdb;
		parent::setUp();
		// Other processes (the site, workers) write the same database: never trust this process's option cache.
		wp_cache_flush();
		$this->empty_jobs_table();
		iacp()->usage_ledger_schema()->install_if_needed();
		$wpdb->query( 'DELETE FROM ' . \IACP\Usage\UsageLedgerSchema::table() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		wp_set_current_user( 0 );
	}

	protected function tearDown(): void {
		wp_set_current_user( 0 );
		foreach ( $this->created_posts as $post_id ) {
			wp_delete_post( $post_id, true );
		}
		foreach ( $this->created_users as $user_id ) {
			wp_delete_user( $user_id );
		}
		$this->created_posts = array();
		$this->created_users = array();
		parent::tearDown();
	}

	protected function jobs_table(): string {
		global $wpdb;
		return $wpdb->prefix . 'iacp_jobs';
	}

	protected function empty_jobs_table(): void {
		global $wpdb;
		if ( $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $this->jobs_table() ) ) ) {
			$wpdb->query( 'DELETE FROM ' . $this->jobs_table() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		}
	}

	/** How many jobs exist: a refused start must leave this unchanged. */
	protected function count_jobs(): int {
		global $wpdb;
		return (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . $this->jobs_table() ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
	}

	/**
	 * Creates a user with a role and returns its id.
	 */
	protected function user( string $role ): int {
		$id = wp_insert_user(
			array(
				'user_login' => $role . '_' . wp_generate_password( 8, false ),
				'user_pass'  => wp_generate_password(),
				'user_email' => wp_generate_password( 8, false ) . '@example.com',
				'role'       => $role,
			)
		);
		$this->assertIsInt( $id, 'test user created' );
		$this->created_users[] = $id;
		return $id;
	}

	/**
	 * Creates a post owned by a user and returns its id.
	 *
	 * @param array<string, mixed> $fields Extra post fields.
	 */
	protected function post( int $author, array $fields = array() ): int {
		$id = wp_insert_post(
			array_merge(
				array(
					'post_title'   => 'Test post',
					'post_content' => 'Body',
					'post_status'  => 'draft',
					'post_author'  => $author,
				),
				$fields
			)
		);
		$this->assertIsInt( $id, 'test post created' );
		$this->created_posts[] = $id;
		return $id;
	}

	/**
	 * Dispatches a REST request in-process, as the current user.
	 *
	 * @param array<string, mixed>  $body    JSON body (POST/PUT) or query params (GET/DELETE).
	 * @param array<string, string> $headers Request headers.
	 */
	protected function rest( string $method, string $route, array $body = array(), array $headers = array() ): WP_REST_Response {
		$request = new WP_REST_Request( $method, $route );
		foreach ( $headers as $name => $value ) {
			$request->set_header( $name, $value );
		}
		if ( in_array( $method, array( 'GET', 'DELETE' ), true ) ) {
			$request->set_query_params( $body );
		} elseif ( array() !== $body ) {
			$request->set_header( 'Content-Type', 'application/json' );
			$request->set_body( (string) wp_json_encode( $body ) );
		}
		$response = rest_ensure_response( rest_do_request( $request ) );
		// What a client receives: JSON objects as arrays, not the stdClass the presenter keeps for `{}`.
		$response->set_data( json_decode( (string) wp_json_encode( $response->get_data() ), true ) );
		return $response;
	}
}
