<?php
/**
 * A batch planned, queued and finished on the SQLite site (the database `npm start` runs on): the batch tables, the
 * keyset planner and the item settling work there too.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Batches;

use IACP\Tests\Providers\AiServerTestCase;
use IACP\Tests\Queue\Process;
use IACP\Tests\TestEnvironment;
use PHPUnit\Framework\TestCase;

final class SqliteBatchTest extends TestCase {

	public function test_an_excerpt_batch_runs_to_its_end_on_sqlite(): void {
		if ( ! TestEnvironment::exists( 'IACP_SQLITE_ENV_FILE', 'test-sqlite' ) ) {
			$this->markTestSkipped( 'no SQLite site (node bin/env.mjs start test-sqlite)' );
		}
		$wp_path = (string) TestEnvironment::load( 'IACP_SQLITE_ENV_FILE', 'test-sqlite' )['wp_path'];

		$process = new Process( array( PHP_BINARY, dirname( __DIR__ ) . '/scripts/sqlite-batch.php', $wp_path, AiServerTestCase::ai_url() ) );
		$this->assertSame( 0, $process->wait( 120 ), $process->stdout() . $process->stderr() );
		$out = json_decode( trim( (string) strrchr( "\n" . trim( $process->stdout() ), "\n" ) ), true );

		$this->assertIsArray( $out, $process->stdout() );
		$this->assertSame( 'sqlite', $out['engine'] );
		$this->assertSame( 'completed', $out['status'], (string) wp_json_encode( $out ) );
		$this->assertSame( 5, $out['total'] );
		$this->assertSame( 5, $out['counts']['done'] );
		$this->assertCount( 5, array_filter( $out['excerpts'], static fn( string $excerpt ): bool => '' !== $excerpt ) );
	}
}
