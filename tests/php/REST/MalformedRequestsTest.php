<?php
/**
 * At least 300 generated malformed requests: each answered 4xx (never 500), nothing stored, and nothing written to
 * the debug log.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\REST;

use IACP\Settings\Settings;
use IACP\Tests\IntegrationTestCase;
use IACP\Tests\RestTestJobTypes;
use WP_REST_Request;

final class MalformedRequestsTest extends IntegrationTestCase {

	/** @var array<string, int> One user per role, shared by every case of this class. */
	private static array $users = array();

	public static function setUpBeforeClass(): void {
		parent::setUpBeforeClass();
		foreach ( array( 'contributor', 'author', 'administrator' ) as $role ) {
			self::$users[ $role ] = (int) wp_insert_user(
				array(
					'user_login' => 'malformed_' . $role . '_' . wp_generate_password( 6, false ),
					'user_pass'  => wp_generate_password(),
					'role'       => $role,
				)
			);
		}
	}

	public static function tearDownAfterClass(): void {
		foreach ( self::$users as $user_id ) {
			wp_delete_user( $user_id );
		}
		parent::tearDownAfterClass();
	}

	/**
	 * @return array<string, array{string, string, string, string, array<string, string>}>
	 */
	public function cases(): array {
		$cases = array();
		foreach ( array( 'contributor', 'author', 'administrator' ) as $role ) {
			foreach ( $this->bad_job_bodies() as $name => [ $body, $headers ] ) {
				$cases[ "start job, {$name}, as {$role}" ] = array( $role, 'POST', '/iacp/v1/jobs', $body, $headers );
			}
			foreach ( $this->bad_list_queries() as $name => $query ) {
				$cases[ "list jobs, {$name}, as {$role}" ] = array( $role, 'GET', '/iacp/v1/jobs?' . $query, '', array() );
			}
			foreach ( $this->bad_ids() as $name => $id ) {
				foreach ( array( 'GET' => '', 'DELETE' => '', 'POST' => '/cancel', 'POST ' => '/retry' ) as $method => $suffix ) {
					$cases[ "{$method}{$suffix} on id {$name}, as {$role}" ] = array( $role, trim( $method ), '/iacp/v1/jobs/' . rawurlencode( $id ) . $suffix, '', array() );
				}
			}
		}
		foreach ( $this->bad_settings() as $name => $body ) {
			$cases[ "settings, {$name}" ] = array( 'administrator', 'POST', '/iacp/v1/settings', $body, array() );
		}
		return $cases;
	}

	/**
	 * @return array<string, array{string, array<string, string>}>
	 */
	private function bad_job_bodies(): array {
		$json   = array( 'Content-Type' => 'application/json' );
		$valid  = array(
			'type'  => RestTestJobTypes::TEXT,
			'input' => array( 'prompt' => 'hello' ),
		);
		$bodies = array(
			'no type'                     => array( 'input' => array( 'prompt' => 'x' ) ),
			'numeric type'                => array( 'type' => 123 ) + $valid,
			'array type'                  => array( 'type' => array( 'text' ) ) + $valid,
			'null type'                   => array( 'type' => null ) + $valid,
			'empty type'                  => array( 'type' => '' ) + $valid,
			'upper-case type'             => array( 'type' => 'TEXT' ) + $valid,
			'type with a space'           => array( 'type' => 'rest probe' ) + $valid,
			'overlong type'               => array( 'type' => str_repeat( 'a', 65 ) ) + $valid,
			'unknown type'                => array( 'type' => 'no_such_type' ) + $valid,
			'no input'                    => array( 'type' => RestTestJobTypes::TEXT ),
			'string input'                => array( 'input' => 'prompt' ) + $valid,
			'numeric input'               => array( 'input' => 5 ) + $valid,
			'input without prompt'        => array( 'input' => array( 'count' => 1 ) ) + $valid,
			'empty prompt'                => array( 'input' => array( 'prompt' => '' ) ) + $valid,
			'numeric prompt'              => array( 'input' => array( 'prompt' => 5 ) ) + $valid,
			'array prompt'                => array( 'input' => array( 'prompt' => array( 'x' ) ) ) + $valid,
			'unknown input field'         => array( 'input' => array( 'prompt' => 'x', 'evil' => 1 ) ) + $valid,
			'count too small'             => array( 'input' => array( 'prompt' => 'x', 'count' => 0 ) ) + $valid,
			'count too large'             => array( 'input' => array( 'prompt' => 'x', 'count' => 5 ) ) + $valid,
			'count as words'              => array( 'input' => array( 'prompt' => 'x', 'count' => 'two' ) ) + $valid,
			'prompt over the maximum'     => array( 'input' => array( 'prompt' => str_repeat( 'p', 8001 ) ) ) + $valid,
			'post id zero'                => array( 'post_id' => 0 ) + $valid,
			'negative post id'            => array( 'post_id' => -1 ) + $valid,
			'post id as words'            => array( 'post_id' => 'abc' ) + $valid,
			'post that does not exist'    => array( 'post_id' => 99999999 ) + $valid,
			'fractional post id'          => array( 'post_id' => 1.5 ) + $valid,
			'priority too low'            => array( 'priority' => -101 ) + $valid,
			'priority too high'           => array( 'priority' => 101 ) + $valid,
			'priority as words'           => array( 'priority' => 'high' ) + $valid,
		);
		$cases  = array();
		foreach ( $bodies as $name => $body ) {
			$cases[ $name ] = array( (string) wp_json_encode( $body ), $json );
		}
		$encoded                             = (string) wp_json_encode( $valid );
		$cases['broken JSON']                = array( '{"type": "rest_probe", "input": {', $json );
		$cases['JSON that is a string']      = array( '"rest_probe"', $json );
		$cases['JSON null']                  = array( 'null', $json );
		$cases['single-quoted JSON']         = array( "{'type': 'rest_probe'}", $json );
		$cases['empty JSON body']            = array( '', $json );
		$cases['plain-text content type']    = array( $encoded, array( 'Content-Type' => 'text/plain' ) );
		$cases['form content type']          = array( 'type=rest_probe&input[prompt]=x', array( 'Content-Type' => 'application/x-www-form-urlencoded' ) );
		$cases['no content type']            = array( $encoded, array() );
		$cases['body over 64 KB']            = array( (string) wp_json_encode( array( 'input' => array( 'prompt' => 'x', 'pad' => str_repeat( 'z', 70000 ) ) ) + $valid ), $json );
		$cases['idempotency key with space'] = array( $encoded, $json + array( 'Idempotency-Key' => 'two words' ) );
		$cases['overlong idempotency key']   = array( $encoded, $json + array( 'Idempotency-Key' => str_repeat( 'k', 192 ) ) );
		$cases['non-ASCII idempotency key']  = array( $encoded, $json + array( 'Idempotency-Key' => 'clé' ) );
		return $cases;
	}

	/**
	 * @return array<string, string>
	 */
	private function bad_list_queries(): array {
		return array(
			'per_page 0'        => 'per_page=0',
			'per_page 101'      => 'per_page=101',
			'per_page negative' => 'per_page=-1',
			'per_page words'    => 'per_page=many',
			'page 0'            => 'page=0',
			'page words'        => 'page=first',
			'unknown status'    => 'status=bogus',
			'one bad status'    => 'status[]=pending&status[]=bogus',
			'malformed type'    => 'type=BAD%20TYPE',
			'post id words'     => 'post_id=abc',
			'post id zero'      => 'post_id=0',
			'user words'        => 'user=me',
			'after not a date'  => 'after=yesterday',
			'before not a date' => 'before=2026-13-45',
			'overlong search'   => 'search=' . str_repeat( 's', 201 ),
		);
	}

	/**
	 * @return array<string, string>
	 */
	private function bad_ids(): array {
		return array(
			'word'           => 'x',
			'number'         => '123',
			'SQL'            => "' OR 1=1 --",
			'UUID v1'        => 'c232ab00-9414-11ec-b3c8-9e6bdeced846',
			'unknown UUID'   => '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
			'path traversal' => '..%2F..%2Fwp-config.php',
			'braced UUID'    => '{6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d}',
			'overlong'       => str_repeat( 'a', 300 ),
		);
	}

	/**
	 * @return array<string, string>
	 */
	private function bad_settings(): array {
		$bodies = array(
			'unknown setting'            => array( 'not_a_setting' => 1 ),
			'provider URL not a URL'     => array( 'provider_base_url' => 'not a url' ),
			'provider URL javascript'    => array( 'provider_base_url' => 'javascript:alert(1)' ),
			'provider URL ftp'           => array( 'provider_base_url' => 'ftp://example.com/v1' ),
			'empty text model'           => array( 'text_model' => '' ),
			'image format gif'           => array( 'image_format' => 'gif' ),
			'negative budget'            => array( 'daily_token_budgets' => array( 'author' => -1 ) ),
			'budget in words'            => array( 'daily_token_budgets' => array( 'author' => 'many' ) ),
			'budgets not an object'      => array( 'daily_token_budgets' => 'lots' ),
			'api key not a string'       => array( 'api_key' => array( 'k' ) ),
			'api key too long'           => array( 'api_key' => str_repeat( 'k', 501 ) ),
		);
		foreach ( Settings::schema() as $key => $schema ) {
			if ( 'integer' === $schema['type'] ) {
				$bodies[ "{$key} below minimum" ] = array( $key => $schema['minimum'] - 1 );
				$bodies[ "{$key} above maximum" ] = array( $key => ( $schema['maximum'] ?? PHP_INT_MAX - 1 ) + 1 );
				$bodies[ "{$key} as words" ]      = array( $key => 'ten' );
			}
		}
		return array_map( static fn( array $body ): string => (string) wp_json_encode( $body ), $bodies );
	}

	public function test_there_are_at_least_300_cases(): void {
		$this->assertGreaterThanOrEqual( 300, count( $this->cases() ) );
	}

	/**
	 * @dataProvider cases
	 *
	 * @param array<string, string> $headers Request headers.
	 */
	public function test_malformed_request_gets_a_4xx_and_changes_nothing( string $role, string $method, string $route, string $body, array $headers ): void {
		RestTestJobTypes::ensure_registered();
		wp_set_current_user( self::$users[ $role ] );
		$settings_before = get_option( Settings::OPTION );
		$api_key_before  = get_option( 'iacp_api_key' );
		$log_file        = (string) ini_get( 'error_log' );
		clearstatcache();
		$log_size = is_file( $log_file ) ? filesize( $log_file ) : 0;

		[ $path, $query ] = array_pad( explode( '?', $route, 2 ), 2, '' );
		$request          = new WP_REST_Request( $method, $path );
		parse_str( $query, $params );
		$request->set_query_params( $params );
		foreach ( $headers as $name => $value ) {
			$request->set_header( $name, $value );
		}
		if ( 'POST' === $method && ! isset( $headers['Content-Type'] ) && '/iacp/v1/settings' === $path ) {
			$request->set_header( 'Content-Type', 'application/json' );
		}
		$request->set_body( $body );
		$response = rest_ensure_response( rest_do_request( $request ) );

		$status = $response->get_status();
		$this->assertGreaterThanOrEqual( 400, $status, (string) wp_json_encode( $response->get_data() ) );
		$this->assertLessThan( 500, $status, (string) wp_json_encode( $response->get_data() ) );
		$this->assertSame( 0, $this->count_jobs(), 'no job stored' );
		$this->assertSame( $settings_before, get_option( Settings::OPTION ), 'settings unchanged' );
		$this->assertSame( $api_key_before, get_option( 'iacp_api_key' ), 'API key unchanged' );
		clearstatcache();
		$this->assertSame( $log_size, is_file( $log_file ) ? filesize( $log_file ) : 0, 'nothing written to the debug log' );
	}
}
