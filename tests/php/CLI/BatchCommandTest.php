<?php
/**
 * `wp iacp batch …` through the real WP-CLI binary against the test site: start (with its filters, --limit,
 * --review refused until the type supports it, --dry-run storing nothing), list, status, cancel, retry, and the
 * errors an operator meets (no --user, a bad flag naming its field, an unknown batch).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\CLI;

use IACP\Batches\BatchesSchema;
use IACP\Tests\Batches\BatchTestCase;
use IACP\Tests\Queue\Process;
use IACP\Tests\TestEnvironment;

final class BatchCommandTest extends BatchTestCase {

	/**
	 * @param list<string> $args Arguments after `wp`.
	 * @return array{ int, string, string }
	 */
	private function wp( array $args ): array {
		return Process::wp_run( (string) TestEnvironment::load( 'IACP_ENV_FILE', 'test' )['wp_path'], $args );
	}

	private function count_batches(): int {
		global $wpdb;
		return (int) $wpdb->get_var( 'SELECT COUNT(*) FROM ' . BatchesSchema::batches_table() ); // phpcs:ignore
	}

	public function test_dry_run_counts_and_stores_nothing_and_bad_flags_name_their_field(): void {
		$editor = $this->user( 'editor' );
		$this->post( $editor, array( 'post_excerpt' => '' ) );
		$this->post( $editor, array( 'post_excerpt' => 'Has one.' ) );

		[ $code, $out ] = $this->wp( array( 'iacp', 'batch', 'start', 'excerpt', '--author=' . $editor, '--missing', '--dry-run', '--user=' . $editor ) );
		$this->assertSame( 0, $code );
		$this->assertStringContainsString( 'the batch would have 1 items', $out );
		$this->assertSame( 0, $this->count_batches() );

		[ $code, , $err ] = $this->wp( array( 'iacp', 'batch', 'start', 'excerpt', '--post_type=page', '--user=' . $editor ) );
		$this->assertSame( 1, $code );
		$this->assertStringContainsString( '(filter.post_type)', $err );
		[ $code, , $err ] = $this->wp( array( 'iacp', 'batch', 'start', 'excerpt', '--limit=0', '--user=' . $editor ) );
		$this->assertSame( 1, $code );
		$this->assertStringContainsString( '(limit)', $err );
		[ $code, , $err ] = $this->wp( array( 'iacp', 'batch', 'start', 'excerpt' ) );
		$this->assertSame( 1, $code );
		$this->assertStringContainsString( '--user=', $err );
		$this->assertSame( 0, $this->count_batches() );
	}

	public function test_start_with_a_limit_then_list_and_status(): void {
		$editor = $this->user( 'editor' );
		for ( $i = 0; $i < 3; $i++ ) {
			$this->post( $editor );
		}

		[ $code, $out, $err ] = $this->wp( array( 'iacp', 'batch', 'start', 'title', '--author=' . $editor, '--status=draft', '--limit=2', '--format=json', '--user=' . $editor ) );
		$this->assertSame( 0, $code, $err );
		$started = json_decode( strtok( $out, "\n" ), true );
		$this->assertSame( 'title', $started['action'] );
		$this->assertSame( 2, $started['counts']['total'] );
		$this->assertStringContainsString( 'Batch ' . $started['id'] . ' started.', $out );
		$batch = $this->batch( (int) $started['id'] );
		$this->assertSame( $editor, $batch->user_id );
		$this->assertSame(
			array(
				'filter' => array(
					'post_type' => 'post',
					'status'    => 'draft',
					'author'    => $editor,
				),
				'limit'  => 2,
			),
			$batch->spec
		);

		[ $code, $out ] = $this->wp( array( 'iacp', 'batch', 'list', '--format=json' ) );
		$this->assertSame( 0, $code );
		$this->assertSame( array( (int) $started['id'] ), array_column( (array) json_decode( $out, true ), 'id' ) );
		[ $code, $out ] = $this->wp( array( 'iacp', 'batch', 'status', (string) $started['id'], '--format=json' ) );
		$this->assertSame( 0, $code );
		$this->assertSame( (int) $started['id'], json_decode( $out, true )['id'] );
		[ $code, , $err ] = $this->wp( array( 'iacp', 'batch', 'status', '999999999' ) );
		$this->assertSame( 1, $code );
		$this->assertStringContainsString( 'No batch with id 999999999', $err );
	}

	public function test_cancel_and_retry(): void {
		$editor = $this->user( 'editor' );
		$this->post( $editor );
		wp_set_current_user( $editor );
		$id = (int) $this->start(
			array(
				'action' => 'title',
				'filter' => array(
					'post_type' => 'post',
					'author'    => $editor,
				),
			)
		)['id'];
		// Held still: a runner the test site's WP-Cron starts meanwhile must not finish it before the commands run.
		$this->assertSame( 'paused', $this->rest( 'POST', "/iacp/v1/batches/{$id}/pause" )->get_data()['status'] );

		[ $code, , $err ] = $this->wp( array( 'iacp', 'batch', 'retry', (string) $id ) );
		$this->assertSame( 1, $code );
		$this->assertStringContainsString( 'no failed items', $err );
		[ $code, $out ] = $this->wp( array( 'iacp', 'batch', 'cancel', (string) $id ) );
		$this->assertSame( 0, $code );
		$this->assertStringContainsString( "Batch {$id} cancelled.", $out );
		$this->assertSame( 'cancelled', $this->batch( $id )->status );

		$other            = $this->user( 'author' );
		[ $code, , $err ] = $this->wp( array( 'iacp', 'batch', 'status', (string) $id, '--user=' . $other ) );
		$this->assertSame( 1, $code, 'another user\'s batch is not found' );
		$this->assertStringContainsString( 'No batch with id', $err );
	}
}
