<?php
/**
 * The repository's reads for lists, and delete.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Jobs;

use IACP\Jobs\Job;
use IACP\Tests\Queue\QueueTestCase;

final class JobRepositoryTest extends QueueTestCase {

	public function test_query_filters_pages_and_orders_newest_first(): void {
		$alice = $this->user( 'author' );
		$bob   = $this->user( 'author' );
		$post  = $this->post( $alice );
		$a1    = $this->enqueue( 'test_noop', array( 'value' => 'needle' ), array( 'user_id' => $alice, 'post_id' => $post ) );
		$a2    = $this->enqueue( 'test_count', array(), array( 'user_id' => $alice ) );
		$b1    = $this->enqueue( 'test_noop', array(), array( 'user_id' => $bob ) );
		$this->force( $b1, array( 'status' => 'failed', 'created_at' => time() - 3600 ) );
		$repo = iacp()->job_repository();
		$ids  = static fn( array $page ): array => array_map( static fn( Job $job ): string => $job->public_id, $page['jobs'] );

		$all = $repo->query( array(), 1, 10 );
		$this->assertSame( 3, $all['total'] );
		$this->assertSame( array( $b1->public_id, $a2->public_id, $a1->public_id ), $ids( $all ) );
		$this->assertSame( array( $a2->public_id ), $ids( $repo->query( array(), 2, 1 ) ), 'second page' );
		$this->assertSame( array( $a2->public_id, $a1->public_id ), $ids( $repo->query( array( 'user_id' => $alice ), 1, 10 ) ) );
		$this->assertSame( array( $a1->public_id ), $ids( $repo->query( array( 'post_id' => $post ), 1, 10 ) ) );
		$this->assertSame( array( $b1->public_id ), $ids( $repo->query( array( 'status' => 'failed' ), 1, 10 ) ) );
		$this->assertSame( 3, $repo->query( array( 'status' => array( 'failed', 'pending' ) ), 1, 10 )['total'] );
		$this->assertSame( 0, $repo->query( array( 'status' => 'bogus' ), 1, 10 )['total'] );
		$this->assertSame( array( $a2->public_id ), $ids( $repo->query( array( 'type' => 'test_count' ), 1, 10 ) ) );
		$this->assertSame( array( $a1->public_id ), $ids( $repo->query( array( 'search' => 'needle' ), 1, 10 ) ), 'search in input' );
		$this->assertSame( array( $a1->public_id ), $ids( $repo->query( array( 'search' => substr( $a1->public_id, 0, 13 ) ), 1, 10 ) ), 'search in id' );
		$this->assertSame( 0, $repo->query( array( 'search' => '%' ), 1, 10 )['total'], 'LIKE wildcards are escaped' );
		$this->assertSame( array( $b1->public_id ), $ids( $repo->query( array( 'before' => time() - 60 ), 1, 10 ) ) );
		$this->assertSame( 2, $repo->query( array( 'after' => time() - 60 ), 1, 10 )['total'] );
	}

	public function test_delete(): void {
		$job = $this->enqueue( 'test_noop' );
		$this->assertTrue( iacp()->job_repository()->delete( $job->id ) );
		$this->assertFalse( iacp()->job_repository()->delete( $job->id ) );
		$this->assertNull( iacp()->job_queue()->find( $job->public_id ) );
	}

	public function test_a_lease_write_adds_only_to_counters_and_never_subtracts(): void {
		$job     = $this->enqueue( 'test_noop' );
		$claimed = $this->claim( array( 'test_noop' ) );
		$repo    = iacp()->job_repository();
		$this->assertTrue( $repo->lease_write( $job->id, (string) $claimed->lease_token, 60, array( 'progress' => 5 ), array( 'prompt_tokens' => 4, 'completion_tokens' => -9 ) ) );
		$this->assertFalse( $repo->lease_write( $job->id, 'not-the-lease', 60, array( 'progress' => 50 ) ), 'another lease writes nothing' );
		$now = $this->job( $job );
		$this->assertSame( array( 5, 4, 0 ), array( $now->progress, $now->prompt_tokens, $now->completion_tokens ) );

		$this->expectException( \InvalidArgumentException::class );
		$repo->lease_write( $job->id, (string) $claimed->lease_token, 60, array(), array( 'attempts' => 1 ) );
	}
}
