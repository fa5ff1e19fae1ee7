<?php
/**
 * The usage ledger table: its indexes and version, the update that creates it on a site that has jobs already
 * (carrying over the last day's usage, once), and the retention that keeps it bounded.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Usage;

use IACP\Tests\HttpClient;
use IACP\Tests\Queue\QueueTestCase;
use IACP\Usage\UsageLedger;
use IACP\Usage\UsageLedgerSchema;
use IACP\Usage\UsageRetention;

final class UsageLedgerSchemaTest extends QueueTestCase {

	public function test_the_table_has_its_indexes_and_version(): void {
		global $wpdb;
		$indexes = array();
		foreach ( $wpdb->get_results( 'SHOW INDEX FROM ' . UsageLedgerSchema::table(), ARRAY_A ) as $row ) { // phpcs:ignore
			$indexes[ $row['Key_name'] ][ (int) $row['Seq_in_index'] ] = $row['Column_name'];
		}
		$this->assertSame( array( 1 => 'id' ), $indexes['PRIMARY'] );
		$this->assertSame( array( 1 => 'user_id', 2 => 'kind', 3 => 'created_at' ), $indexes['user_kind_time'], 'every limit reads one user, one kind, one window' );
		$this->assertSame( array( 1 => 'created_at' ), $indexes['created_at'], 'the retention purge' );
		$this->assertSame( UsageLedgerSchema::VERSION, get_option( UsageLedgerSchema::VERSION_OPTION ) );
	}

	public function test_an_update_creates_the_ledger_once_and_carries_over_the_last_days_usage(): void {
		$author = $this->user( 'author' );
		$recent = $this->enqueue( 'test_noop', array( 'n' => 1 ), array( 'user_id' => $author ) );
		$this->force(
			$recent,
			array(
				'prompt_tokens'     => 30,
				'completion_tokens' => 20,
			)
		);
		$old = $this->enqueue( 'test_noop', array( 'n' => 2 ), array( 'user_id' => $author ) );
		$this->force(
			$old,
			array(
				'created_at'        => time() - 3 * DAY_IN_SECONDS,
				'updated_at'        => time() - 3 * DAY_IN_SECONDS,
				'prompt_tokens'     => 500,
				'completion_tokens' => 500,
			)
		);
		// The site as the version before the ledger left it: jobs, no ledger table, no ledger version.
		$schema = iacp()->usage_ledger_schema();
		$schema->drop();
		$this->assertFalse( $schema->exists() );
		$this->assertNotFalse( has_action( 'admin_init', array( $schema, 'install_if_needed' ) ), 'an update is noticed on the next admin page' );

		$schema->install_if_needed();
		$schema->install();

		$ledger = iacp()->usage_ledger();
		$this->assertTrue( $schema->exists() );
		$this->assertSame( UsageLedgerSchema::VERSION, get_option( UsageLedgerSchema::VERSION_OPTION ) );
		$this->assertSame( 50, $ledger->tokens_since( $author, time() - DAY_IN_SECONDS ), 'the last day’s tokens, carried over once' );
		$this->assertSame( 1, $ledger->count_starts_since( $author, time() - MINUTE_IN_SECONDS ), 'the last minute’s start' );
		$this->assertSame( array(), $ledger->entries_for_job( $old->id ), 'older usage no limit reads is not copied' );
	}

	public function test_an_updated_site_nobody_opened_in_wp_admin_creates_it_with_its_first_job(): void {
		$schema = iacp()->usage_ledger_schema();
		$schema->drop();
		$author = $this->user( 'author' );

		$started = HttpClient::for_test_site()->request(
			'POST',
			'/wp-json/iacp/v1/jobs',
			(string) wp_json_encode(
				array(
					'type'  => 'test_noop',
					'input' => new \stdClass(),
				)
			),
			array( 'Content-Type' => 'application/json' ),
			HttpClient::application_password_for( $author )
		);

		$this->assertSame( 202, $started['status'], $started['body'] );
		$this->assertTrue( $schema->exists() );
		$this->assertSame( 1, iacp()->usage_ledger()->count_starts_since( $author, 0 ) );
	}

	public function test_retention_keeps_a_month_and_never_less_than_the_daily_window(): void {
		$ledger    = iacp()->usage_ledger();
		$retention = new UsageRetention( $ledger );
		$user      = $this->user( 'author' );
		$ledger->record_tokens( $user, 1, 'text', 1, 10, 10, false, time() - 40 * DAY_IN_SECONDS );
		$ledger->record_tokens( $user, 2, 'text', 1, 20, 20, false, time() - 20 * DAY_IN_SECONDS );
		$ledger->record_tokens( $user, 3, 'text', 1, 30, 30, false, time() - 2 * HOUR_IN_SECONDS );

		$this->assertSame( 1, $retention->purge(), 'only the row past 31 days' );
		$this->assertSame( 100, $ledger->tokens_since( $user, 0 ) );

		$shorten = static fn(): int => 0;
		add_filter( 'iacp_usage_retention_days', $shorten );
		try {
			$this->assertSame( 1, $retention->purge(), 'a filter may shorten it' );
			$this->assertSame( 60, $ledger->tokens_since( $user, 0 ), 'but today’s spend stays: the budget reads it' );
		} finally {
			remove_filter( 'iacp_usage_retention_days', $shorten );
		}
	}

	public function test_the_daily_purge_runs_the_ledger_retention(): void {
		$ledger = iacp()->usage_ledger();
		$user   = $this->user( 'author' );
		$ledger->record_start( $user, 1, 'text', time() - 40 * DAY_IN_SECONDS );
		$ledger->record_start( $user, 2, 'text' );

		do_action( 'iacp_purge_jobs' );

		$this->assertSame( 1, $ledger->count_starts_since( $user, 0 ) );
		$this->assertSame( UsageLedger::START, $ledger->entries_for_job( 2 )[0]['kind'] );
	}
}
