<?php
/**
 * A user's AI jobs in WordPress's personal-data export and erasure (called through the callbacks core registers),
 * and the plugin's text in the privacy policy guide.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Privacy;

use IACP\Jobs\JobStatus;
use IACP\Privacy\PersonalData;
use IACP\Tests\Queue\QueueTestCase;

final class PersonalDataTest extends QueueTestCase {

	public function test_the_exporter_and_eraser_are_registered_with_wordpress(): void {
		$exporters = $this->registered( 'exporters' );
		$erasers   = $this->registered( 'erasers' );
		$this->assertArrayHasKey( 'iacp', $exporters );
		$this->assertArrayHasKey( 'iacp', $erasers );
		$this->assertIsCallable( $exporters['iacp']['callback'] );
		$this->assertIsCallable( $erasers['iacp']['callback'] );
		$this->assertSame( 'AI Content Pipeline jobs', $exporters['iacp']['exporter_friendly_name'] );
	}

	public function test_the_export_holds_the_users_own_jobs_with_their_prompts_and_results(): void {
		$alice = $this->user( 'author' );
		$bob   = $this->user( 'author' );
		$done  = $this->enqueue( 'test_noop', array( 'value' => 'alice prompt one' ), array( 'user_id' => $alice ) );
		$this->force(
			$done,
			array(
				'status'      => 'completed',
				'result'      => wp_json_encode( array( 'text' => 'alice answer' ) ),
				'finished_at' => time(),
			)
		);
		$this->enqueue( 'test_noop', array( 'value' => 'alice prompt two' ), array( 'user_id' => $alice ) );
		$this->enqueue( 'test_noop', array( 'value' => 'bob prompt' ), array( 'user_id' => $bob ) );

		$page = $this->exporter()( $this->email( $alice ), 1 );

		$this->assertTrue( $page['done'] );
		$this->assertCount( 2, $page['data'] );
		$text = wp_json_encode( $page['data'] );
		$this->assertStringContainsString( 'alice prompt one', (string) $text );
		$this->assertStringContainsString( 'alice prompt two', (string) $text );
		$this->assertStringContainsString( 'alice answer', (string) $text );
		$this->assertStringNotContainsString( 'bob prompt', (string) $text );
		$first = $page['data'][0];
		$this->assertSame( 'iacp-jobs', $first['group_id'] );
		$this->assertSame( 'iacp-job-' . $done->public_id, $first['item_id'] );
		$fields = array_column( $first['data'], 'value', 'name' );
		$this->assertSame( $done->public_id, $fields['Job ID'] );
		$this->assertSame( 'completed', $fields['Status'] );
		$this->assertSame(
			array(
				'data' => array(),
				'done' => true,
			),
			$this->exporter()( 'nobody-' . wp_generate_password( 6, false ) . '@example.com', 1 ),
			'an unknown address exports nothing'
		);
	}

	public function test_the_export_pages_through_many_jobs(): void {
		$alice = $this->user( 'author' );
		for ( $i = 0; $i <= PersonalData::PAGE_SIZE; $i++ ) {
			$this->enqueue( 'test_noop', array( 'value' => "job {$i}" ), array( 'user_id' => $alice ) );
		}
		$first  = $this->exporter()( $this->email( $alice ), 1 );
		$second = $this->exporter()( $this->email( $alice ), 2 );
		$this->assertFalse( $first['done'] );
		$this->assertCount( PersonalData::PAGE_SIZE, $first['data'] );
		$this->assertTrue( $second['done'] );
		$this->assertCount( 1, $second['data'] );
		$this->assertStringContainsString( 'job ' . PersonalData::PAGE_SIZE, (string) wp_json_encode( $second['data'] ) );
	}

	public function test_erasure_deletes_the_users_jobs_and_keeps_a_running_one_until_it_stopped(): void {
		$alice    = $this->user( 'author' );
		$bob      = $this->user( 'author' );
		$finished = $this->enqueue( 'test_noop', array( 'value' => 'old' ), array( 'user_id' => $alice ) );
		$this->force(
			$finished,
			array(
				'status'      => 'failed',
				'finished_at' => time(),
			)
		);
		$running = $this->enqueue( 'test_noop', array( 'value' => 'running' ), array( 'user_id' => $alice ) );
		$claimed = $this->claim( array( 'test_noop' ) );
		$this->assertNotNull( $claimed );
		$this->assertSame( $running->id, $claimed->id, 'the oldest pending job was claimed' );
		$pending = $this->enqueue( 'test_noop', array( 'value' => 'waiting' ), array( 'user_id' => $alice ) );
		$others  = $this->enqueue( 'test_noop', array( 'value' => 'bob' ), array( 'user_id' => $bob ) );

		$erased = $this->eraser()( $this->email( $alice ), 1 );

		$this->assertTrue( $erased['done'] );
		$this->assertTrue( $erased['items_removed'] );
		$this->assertTrue( $erased['items_retained'], 'the running job is kept' );
		$this->assertCount( 1, $erased['messages'] );
		$repo = iacp()->job_repository();
		$this->assertNull( $repo->find( $finished->id ), 'a finished job is erased' );
		$this->assertNull( $repo->find( $pending->id ), 'a pending job is cancelled and erased' );
		$still = $this->job( $running );
		$this->assertSame( JobStatus::PROCESSING, $still->status );
		$this->assertTrue( $still->cancel_requested, 'the running job was asked to stop' );
		$this->assertNotNull( $repo->find( $others->id ), 'another user\'s job stays' );

		// Its worker stopped it: erasing again removes it.
		$this->force(
			$running,
			array(
				'status'      => 'cancelled',
				'finished_at' => time(),
				'lease_token' => null,
			)
		);
		$again = $this->eraser()( $this->email( $alice ), 1 );
		$this->assertTrue( $again['items_removed'] );
		$this->assertFalse( $again['items_retained'] );
		$this->assertSame( array(), $again['messages'] );
		$this->assertSame( 0, $repo->query( array( 'user_id' => $alice ), 1, 10 )['total'] );
		$this->assertNotNull( $repo->find( $others->id ) );
	}

	public function test_erasure_pages_until_every_job_is_gone(): void {
		$alice = $this->user( 'author' );
		for ( $i = 0; $i <= PersonalData::PAGE_SIZE; $i++ ) {
			$job = $this->enqueue( 'test_noop', array( 'value' => "job {$i}" ), array( 'user_id' => $alice ) );
			$this->force(
				$job,
				array(
					'status'      => 'completed',
					'finished_at' => time(),
				)
			);
		}
		$first = $this->eraser()( $this->email( $alice ), 1 );
		$this->assertFalse( $first['done'] );
		$this->assertTrue( $first['items_removed'] );
		$second = $this->eraser()( $this->email( $alice ), 2 );
		$this->assertTrue( $second['done'] );
		$this->assertSame( 0, iacp()->job_repository()->query( array( 'user_id' => $alice ), 1, 10 )['total'] );
	}

	public function test_the_privacy_policy_guide_says_what_is_sent_to_the_ai_provider(): void {
		require_once ABSPATH . 'wp-admin/includes/plugin.php';
		require_once ABSPATH . 'wp-admin/includes/misc.php';
		require_once ABSPATH . 'wp-admin/includes/class-wp-privacy-policy-content.php';
		require_once ABSPATH . 'wp-admin/includes/class-wp-screen.php';
		require_once ABSPATH . 'wp-admin/includes/screen.php';
		// Core accepts policy text only in wp-admin while admin_init runs.
		set_current_screen( 'dashboard' );
		$GLOBALS['wp_current_filter'][] = 'admin_init'; // phpcs:ignore WordPress.WP.GlobalVariablesOverride.Prohibited -- restored below.
		try {
			( new PersonalData( iacp()->job_repository(), iacp()->job_queue() ) )->add_policy_content();
		} finally {
			array_pop( $GLOBALS['wp_current_filter'] );
			unset( $GLOBALS['current_screen'] );
		}
		$text = \WP_Privacy_Policy_Content::get_suggested_policy_text();
		$ours = array_values( array_filter( $text, static fn( array $entry ): bool => 'AI Content Pipeline' === $entry['plugin_name'] ) );
		$this->assertCount( 1, $ours );
		$this->assertStringContainsString( 'AI provider', $ours[0]['policy_text'] );
		$this->assertStringContainsString( 'erased', $ours[0]['policy_text'] );
	}

	/** The exporter callback WordPress calls. */
	private function exporter(): callable {
		return $this->registered( 'exporters' )['iacp']['callback'];
	}

	/** The eraser callback WordPress calls. */
	private function eraser(): callable {
		return $this->registered( 'erasers' )['iacp']['callback'];
	}

	/**
	 * What core's Tools → Export/Erase Personal Data screens collect: `wp_privacy_personal_data_{exporters|erasers}`.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	private function registered( string $kind ): array {
		return apply_filters( 'wp_privacy_personal_data_' . $kind, array() ); // phpcs:ignore WordPress.NamingConventions.PrefixAllGlobals.NonPrefixedHooknameFound -- core's own hooks, read as core reads them.
	}

	private function email( int $user_id ): string {
		$user = get_userdata( $user_id );
		$this->assertNotFalse( $user );
		return $user->user_email;
	}
}
