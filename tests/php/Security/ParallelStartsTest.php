<?php
/**
 * The limit check and the stored job are one step: 20 requests of one user sent at the same moment over real HTTP,
 * against a limit of 5 jobs a minute, start exactly 5 — on MariaDB (named lock) and on SQLite (write transaction).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Security;

use IACP\Settings\Settings;
use IACP\Tests\HttpClient;
use IACP\Tests\IntegrationTestCase;
use IACP\Tests\Queue\Process;
use IACP\Tests\TestEnvironment;

final class ParallelStartsTest extends IntegrationTestCase {

	private const REQUESTS = 20;

	private const LIMIT = 5;

	public function test_twenty_parallel_starts_against_a_limit_of_five_start_five_on_mariadb(): void {
		$saved = get_option( Settings::OPTION );
		iacp()->settings()->update(
			array(
				'jobs_per_minute' => self::LIMIT,
				'max_active_jobs' => 1000,
			)
		);
		try {
			$user    = $this->user( 'author' );
			$answers = $this->start_in_parallel( HttpClient::for_test_site(), HttpClient::application_password_for( $user ) );
		} finally {
			update_option( Settings::OPTION, $saved, false );
		}

		$this->assertOnlyFiveStarted( $answers );
		global $wpdb;
		$this->assertSame( self::LIMIT, (int) $wpdb->get_var( $wpdb->prepare( 'SELECT COUNT(*) FROM ' . $this->jobs_table() . ' WHERE user_id = %d', $user ) ) ); // phpcs:ignore WordPress.DB.PreparedSQL.NotPrepared
		$this->assertSame( self::LIMIT, iacp()->usage_ledger()->count_starts_since( $user, 0 ) );
	}

	public function test_twenty_parallel_starts_against_a_limit_of_five_start_five_on_sqlite(): void {
		if ( ! TestEnvironment::exists( 'IACP_SQLITE_ENV_FILE', 'test-sqlite' ) ) {
			$this->markTestSkipped( 'no SQLite site (node bin/env.mjs start test-sqlite)' );
		}
		$site   = TestEnvironment::load( 'IACP_SQLITE_ENV_FILE', 'test-sqlite' );
		$author = $this->sqlite( $site, array( 'rest-author', (string) self::LIMIT ) );

		$answers = $this->start_in_parallel( new HttpClient( rtrim( (string) $site['url'], '/' ) ), array( $author['login'], $author['password'] ) );
		$stored  = $this->sqlite( $site, array( 'started', (string) $author['user_id'] ) );

		$this->assertOnlyFiveStarted( $answers );
		$this->assertSame(
			array(
				'jobs'   => self::LIMIT,
				'starts' => self::LIMIT,
			),
			$stored
		);
	}

	/**
	 * @param array{string, string} $auth Login and application password.
	 * @return list<array{status: int, headers: array<string, string>, body: string, json: mixed}>
	 */
	private function start_in_parallel( HttpClient $http, array $auth ): array {
		$requests = array();
		for ( $n = 1; $n <= self::REQUESTS; $n++ ) {
			$requests[] = array(
				'method'  => 'POST',
				'path'    => '/wp-json/iacp/v1/jobs',
				'body'    => (string) wp_json_encode(
					array(
						'type'  => 'test_noop',
						'input' => array( 'n' => $n ),
					)
				),
				'headers' => array( 'Content-Type' => 'application/json' ),
				'auth'    => $auth,
			);
		}
		return $http->concurrently( $requests );
	}

	/**
	 * @param list<array{status: int, headers: array<string, string>, body: string, json: mixed}> $answers Answers.
	 */
	private function assertOnlyFiveStarted( array $answers ): void {
		$statuses = array_count_values( array_column( $answers, 'status' ) );
		ksort( $statuses );
		$this->assertSame(
			array(
				202 => self::LIMIT,
				429 => self::REQUESTS - self::LIMIT,
			),
			$statuses,
			(string) wp_json_encode( array_column( $answers, 'body' ) )
		);
		foreach ( $answers as $answer ) {
			if ( 429 === $answer['status'] ) {
				$this->assertSame( 'iacp_rate_limited', $answer['json']['code'] ?? null );
				$this->assertGreaterThanOrEqual( 1, (int) ( $answer['headers']['retry-after'] ?? 0 ) );
			}
		}
	}

	/**
	 * Runs tests/php/scripts/sqlite-queue.php on the SQLite site and returns its JSON line.
	 *
	 * @param array<string, mixed> $site The site's environment.
	 * @param list<string>         $args Arguments.
	 * @return array<string, mixed>
	 */
	private function sqlite( array $site, array $args ): array {
		$process = new Process( array_merge( array( PHP_BINARY, dirname( __DIR__ ) . '/scripts/sqlite-queue.php', (string) $site['wp_path'] ), $args ) );
		$this->assertSame( 0, $process->wait( 60 ), $process->stdout() . $process->stderr() );
		$data = json_decode( trim( (string) strrchr( "\n" . trim( $process->stdout() ), "\n" ) ), true );
		$this->assertIsArray( $data, $process->stdout() );
		return $data;
	}
}
