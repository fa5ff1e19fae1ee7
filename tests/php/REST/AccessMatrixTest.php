<?php
/**
 * Every iacp/v1 route × anonymous, subscriber, contributor, author, editor and administrator, on the caller's own
 * job and on another author's: 401 logged out, 403 without the capability, 404 for a job that is not theirs.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\REST;

use IACP\Tests\IntegrationTestCase;
use IACP\Tests\RestTestJobTypes;

final class AccessMatrixTest extends IntegrationTestCase {

	private const ROLES = array( 'anonymous', 'subscriber', 'contributor', 'author', 'editor', 'administrator' );

	/**
	 * Expected status per role, in ROLES order, for each route.
	 *
	 * @return array<string, array{string, string, list<int>}>
	 */
	public function routes(): array {
		return array(
			'start a text job'                => array( 'POST', 'create:text', array( 401, 403, 202, 202, 202, 202 ) ),
			'start an image job'              => array( 'POST', 'create:image', array( 401, 403, 403, 202, 202, 202 ) ),
			'list jobs'                       => array( 'GET', 'list', array( 401, 403, 200, 200, 200, 200 ) ),
			'read another author’s job'       => array( 'GET', 'other', array( 401, 403, 404, 404, 404, 200 ) ),
			'cancel another author’s job'     => array( 'POST', 'other/cancel', array( 401, 403, 404, 404, 404, 200 ) ),
			'retry another author’s job'      => array( 'POST', 'other/retry', array( 401, 403, 404, 404, 404, 409 ) ),
			'delete another author’s job'     => array( 'DELETE', 'other', array( 401, 403, 404, 404, 404, 409 ) ),
			'read a job that does not exist'  => array( 'GET', 'missing', array( 401, 403, 404, 404, 404, 404 ) ),
			'read a malformed id'             => array( 'GET', 'malformed', array( 401, 403, 404, 404, 404, 404 ) ),
			'queue health'                    => array( 'GET', 'queue', array( 401, 403, 403, 403, 403, 200 ) ),
			'run the queue'                   => array( 'POST', 'queue/run', array( 401, 403, 403, 403, 403, 200 ) ),
			'read settings'                   => array( 'GET', 'settings', array( 401, 403, 403, 403, 403, 200 ) ),
			'change settings'                 => array( 'POST', 'settings', array( 401, 403, 403, 403, 403, 200 ) ),
		);
	}

	/**
	 * @return array<string, array{string, string, string, int}>
	 */
	public function cases(): array {
		$cases = array();
		foreach ( $this->routes() as $name => [ $method, $route, $statuses ] ) {
			foreach ( self::ROLES as $index => $role ) {
				$cases[ "{$name} as {$role}" ] = array( $method, $route, $role, $statuses[ $index ] );
			}
		}
		return $cases;
	}

	protected function setUp(): void {
		parent::setUp();
		RestTestJobTypes::ensure_registered();
	}

	/**
	 * @dataProvider cases
	 */
	public function test_route_answers_each_role_as_it_should( string $method, string $route, string $role, int $expected ): void {
		$other_author = $this->user( 'author' );
		wp_set_current_user( $other_author );
		$other_job = iacp_enqueue_job( RestTestJobTypes::TEXT, array( 'prompt' => 'theirs' ), array( 'user_id' => $other_author ) );
		$this->assertIsString( $other_job );

		wp_set_current_user( 'anonymous' === $role ? 0 : $this->user( $role ) );
		[ $path, $body ] = $this->request_for( $route, $other_job );
		$response        = $this->rest( $method, $path, $body );

		$this->assertSame( $expected, $response->get_status(), wp_json_encode( $response->get_data() ) ?: '' );
	}

	/**
	 * @return array{string, array<string, mixed>}
	 */
	private function request_for( string $route, string $other_job ): array {
		return match ( $route ) {
			'create:text' => array( '/iacp/v1/jobs', array( 'type' => RestTestJobTypes::TEXT, 'input' => array( 'prompt' => 'hello' ) ) ),
			'create:image' => array( '/iacp/v1/jobs', array( 'type' => RestTestJobTypes::IMAGE, 'input' => array( 'prompt' => 'a cat' ) ) ),
			'list' => array( '/iacp/v1/jobs', array() ),
			'other' => array( '/iacp/v1/jobs/' . $other_job, array() ),
			'other/cancel' => array( '/iacp/v1/jobs/' . $other_job . '/cancel', array() ),
			'other/retry' => array( '/iacp/v1/jobs/' . $other_job . '/retry', array() ),
			'missing' => array( '/iacp/v1/jobs/' . wp_generate_uuid4(), array() ),
			'malformed' => array( '/iacp/v1/jobs/not-a-uuid', array() ),
			'queue' => array( '/iacp/v1/queue', array() ),
			'queue/run' => array( '/iacp/v1/queue/run', array( 'time_limit' => 1 ) ),
			'settings' => array( '/iacp/v1/settings', array() ),
			default => throw new \LogicException( "unknown route {$route}" ),
		};
	}
}
