<?php
/**
 * The portable claim (compare-and-set) on the SQLite site: order, completion, and two concurrent claimers that
 * never get the same job.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

use IACP\Tests\TestEnvironment;
use PHPUnit\Framework\TestCase;

final class SqliteClaimTest extends TestCase {

	private string $wp_path;

	protected function setUp(): void {
		if ( ! TestEnvironment::exists( 'IACP_SQLITE_ENV_FILE', 'test-sqlite' ) ) {
			$this->markTestSkipped( 'no SQLite site (node bin/env.mjs start test-sqlite)' );
		}
		$this->wp_path = TestEnvironment::load( 'IACP_SQLITE_ENV_FILE', 'test-sqlite' )['wp_path'];
	}

	public function test_runs_in_priority_order_and_completes_on_sqlite(): void {
		$out = $this->script( array( 'run-ordered' ) );
		[ $late, $first, $delayed ] = $out['created'];
		$this->assertSame( array( array( $first, 'completed' ), array( $late, 'completed' ) ), $out['processed'] );
		$this->assertSame( array( 'completed', 'completed', 'pending' ), $out['statuses'] );
	}

	public function test_two_concurrent_claimers_never_get_the_same_job(): void {
		$setup = $this->script( array( 'setup', '200' ) );
		$this->assertSame( 'sqlite', $setup['engine'] );
		$this->assertFalse( $setup['skip_locked'], 'SQLite uses the compare-and-set claim' );

		$claimers = array();
		for ( $i = 0; $i < 2; $i++ ) {
			$claimers[] = new Process( array( PHP_BINARY, dirname( __DIR__ ) . '/scripts/sqlite-queue.php', $this->wp_path, 'claim-all' ) );
		}
		$claimed = array();
		foreach ( $claimers as $i => $claimer ) {
			$this->assertSame( 0, $claimer->wait( 60 ), $claimer->stderr() );
			$claimed[ $i ] = $this->decode( $claimer->stdout() )['claimed'];
		}
		$this->assertSame( array(), array_values( array_intersect( $claimed[0], $claimed[1] ) ), 'no job claimed twice' );
		$all = array_merge( $claimed[0], $claimed[1] );
		sort( $all );
		$ids = $setup['ids'];
		sort( $ids );
		$this->assertSame( $ids, $all, 'every job claimed once' );
	}

	/**
	 * @param list<string> $args Arguments.
	 * @return array<string, mixed>
	 */
	private function script( array $args ): array {
		$process = new Process( array_merge( array( PHP_BINARY, dirname( __DIR__ ) . '/scripts/sqlite-queue.php', $this->wp_path ), $args ) );
		$this->assertSame( 0, $process->wait( 60 ), $process->stdout() . $process->stderr() );
		return $this->decode( $process->stdout() );
	}

	/**
	 * @return array<string, mixed>
	 */
	private function decode( string $out ): array {
		$last = trim( (string) strrchr( "\n" . trim( $out ), "\n" ) );
		$data = json_decode( $last, true );
		$this->assertIsArray( $data, $out );
		return $data;
	}
}
