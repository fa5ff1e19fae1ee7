<?php
/**
 * Each job type declares the capability its jobs need; JobAccess asks the type, the filter has the last word, and
 * a type with its own capability opens the jobs API to the users who hold it.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Security;

use IACP\Jobs\DeclaresCapability;
use IACP\Jobs\Job;
use IACP\Jobs\JobContext;
use IACP\Jobs\JobHandler;
use IACP\Security\Capabilities;
use IACP\Tests\IntegrationTestCase;

final class JobAccessTest extends IntegrationTestCase {

	private const TYPE       = 'test_own_capability';
	private const CAPABILITY = 'iacp_test_own_capability';

	protected function setUp(): void {
		parent::setUp();
		if ( ! iacp()->job_types()->has( self::TYPE ) ) {
			iacp()->job_types()->register(
				self::TYPE,
				new class() implements JobHandler, DeclaresCapability {
					public function input_schema(): array {
						return array( 'type' => 'object' );
					}

					public function capability(): string {
						return 'iacp_test_own_capability';
					}

					public function time_limit(): int {
						return 10;
					}

					public function default_max_attempts(): int {
						return 1;
					}

					public function handle( Job $job, JobContext $context ): array {
						return array();
					}
				}
			);
		}
	}

	public function test_each_type_declares_its_capability_and_the_filter_has_the_last_word(): void {
		$access = iacp()->job_access();
		$this->assertSame( Capabilities::GENERATE_TEXT, $access->capability_for_type( 'text' ) );
		$this->assertSame( Capabilities::GENERATE_IMAGES, $access->capability_for_type( 'image' ) );
		$this->assertSame( Capabilities::GENERATE_TEXT, $access->capability_for_type( 'post_field' ) );
		$this->assertSame( self::CAPABILITY, $access->capability_for_type( self::TYPE ) );
		$this->assertSame( Capabilities::GENERATE_TEXT, $access->capability_for_type( 'test_noop' ), 'a type that declares nothing' );

		$filter = static fn( string $capability, string $type ): string => 'text' === $type ? 'edit_others_posts' : $capability;
		add_filter( 'iacp_job_type_capability', $filter, 10, 2 );
		try {
			$this->assertSame( 'edit_others_posts', $access->capability_for_type( 'text' ) );
			$this->assertSame( Capabilities::GENERATE_IMAGES, $access->capability_for_type( 'image' ) );
		} finally {
			remove_filter( 'iacp_job_type_capability', $filter, 10 );
		}
	}

	public function test_a_type_with_its_own_capability_is_started_by_those_who_hold_it(): void {
		$access = iacp()->job_access();
		$user   = $this->user( 'subscriber' );
		wp_set_current_user( $user );
		$this->assertFalse( $access->can_use_jobs(), 'a subscriber holds no job capability' );
		$this->assertSame( 403, $access->check_can_start( self::TYPE, null )->get_error_data()['status'] ?? null );

		wp_get_current_user()->add_cap( self::CAPABILITY );
		$this->assertTrue( $access->can_use_jobs() );
		$this->assertTrue( $access->check_can_start( self::TYPE, null ) );
		$refused = $access->check_can_start( 'image', null );
		$this->assertInstanceOf( \WP_Error::class, $refused );
		$this->assertSame( 'iacp_forbidden_job_type', $refused->get_error_code(), 'other types still need their own capability' );
	}
}
