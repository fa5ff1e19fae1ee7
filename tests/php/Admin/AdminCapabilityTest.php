<?php
/**
 * One capability for the whole admin side: Tools → AI Jobs, Settings → AI Content Pipeline and the queue-health
 * notice follow iacp_manage_jobs, like the REST routes these screens call. Checked over real HTTP with a browser's
 * session: a user granted only iacp_manage_jobs sees and uses them; an administrator without it does not.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Admin;

use IACP\Queue\LoopbackProbe;
use IACP\Queue\QueueHealthNotice;
use IACP\Queue\RunnerLastSeen;
use IACP\Security\Capabilities;
use IACP\Tests\HttpClient;
use IACP\Tests\Queue\QueueTestCase;

final class AdminCapabilityTest extends QueueTestCase {

	private const SCREENS = array(
		'jobs'     => '/wp-admin/tools.php?page=iacp-jobs',
		'settings' => '/wp-admin/options-general.php?page=iacp-settings',
	);

	/**
	 * A user of a role, with iacp_manage_jobs granted or taken away on the user, logged in over HTTP.
	 */
	private function session( string $role, bool $manage_jobs ): HttpClient {
		$login = 'caps_' . $role . '_' . wp_generate_password( 6, false );
		$pass  = wp_generate_password( 16, false );
		$id    = $this->user( $role );
		wp_update_user(
			array(
				'ID'        => $id,
				'user_pass' => $pass,
			)
		);
		global $wpdb;
		$wpdb->update( $wpdb->users, array( 'user_login' => $login ), array( 'ID' => $id ) );
		clean_user_cache( $id );
		( new \WP_User( $id ) )->add_cap( Capabilities::MANAGE_JOBS, $manage_jobs );
		$http = HttpClient::for_test_site();
		$http->log_in( $login, $pass );
		return $http;
	}

	/**
	 * The REST nonce the admin entry's api-fetch uses, from a screen's HTML.
	 */
	private function rest_nonce( string $html ): string {
		$this->assertSame( 1, preg_match( '/createNonceMiddleware\(\s*"([0-9a-f]+)"\s*\)/', $html, $match ), 'the screen carries a REST nonce' );
		return $match[1];
	}

	/**
	 * @return array<string, string>
	 */
	public function delegates(): array {
		return array(
			'an editor granted iacp_manage_jobs'     => array( 'editor' ),
			'a subscriber granted iacp_manage_jobs' => array( 'subscriber' ),
		);
	}

	/**
	 * @dataProvider delegates
	 */
	public function test_a_user_granted_only_iacp_manage_jobs_sees_and_uses_both_screens( string $role ): void {
		$http = $this->session( $role, true );

		$menu = $http->request( 'GET', '/wp-admin/profile.php' );
		foreach ( self::SCREENS as $screen => $path ) {
			$page = $http->request( 'GET', $path );
			$this->assertSame( 200, $page['status'], "{$screen}: " . wp_strip_all_tags( $page['body'] ) );
			$this->assertStringContainsString( 'data-screen="' . $screen . '"', $page['body'] );
			$this->assertStringContainsString( 'page=iacp-' . $screen, $menu['body'], "{$screen} is in the admin menu" );

			$nonce = $this->rest_nonce( $page['body'] );
			$api   = 'jobs' === $screen ? '/wp-json/iacp/v1/queue' : '/wp-json/iacp/v1/settings';
			$this->assertSame( 200, $http->request( 'GET', $api, null, array( 'X-WP-Nonce' => $nonce ) )['status'], "{$screen}: its REST data" );
		}
	}

	public function test_an_administrator_without_iacp_manage_jobs_gets_neither_screen(): void {
		$http = $this->session( 'administrator', false );

		$menu = $http->request( 'GET', '/wp-admin/profile.php' );
		$this->assertSame( 200, $menu['status'] );
		$nonce = $this->rest_nonce( $http->request( 'GET', '/wp-admin/post-new.php' )['body'] );
		foreach ( self::SCREENS as $screen => $path ) {
			$this->assertSame( 403, $http->request( 'GET', $path )['status'], $screen );
			$this->assertStringNotContainsString( 'page=iacp-' . $screen, $menu['body'], "{$screen} is not in the admin menu" );
		}
		$this->assertSame( 403, $http->request( 'GET', '/wp-json/iacp/v1/settings', null, array( 'X-WP-Nonce' => $nonce ) )['status'] );
	}

	public function test_the_queue_health_notice_follows_iacp_manage_jobs(): void {
		$notice = new QueueHealthNotice( iacp()->queue_stats_repository(), new RunnerLastSeen(), new LoopbackProbe( iacp()->instant_kick() ) );
		$job    = $this->enqueue( 'test_noop' );
		$this->force( $job, array( 'created_at' => time() - 300 ) );
		$stale = static fn(): array => array(
			'time'   => time() - 600,
			'source' => 'cron',
		);
		add_filter( 'pre_option_' . RunnerLastSeen::OPTION, $stale );
		$delegate = $this->user( 'subscriber' );
		( new \WP_User( $delegate ) )->add_cap( Capabilities::MANAGE_JOBS );
		$admin = $this->user( 'administrator' );
		( new \WP_User( $admin ) )->add_cap( Capabilities::MANAGE_JOBS, false );

		$shown = array();
		foreach ( array( 'delegate' => $delegate, 'admin without it' => $admin ) as $who => $user ) {
			wp_set_current_user( $user );
			ob_start();
			$notice->render();
			$shown[ $who ] = str_contains( (string) ob_get_clean(), 'AI jobs are waiting' );
		}
		remove_filter( 'pre_option_' . RunnerLastSeen::OPTION, $stale );

		$this->assertSame(
			array(
				'delegate'         => true,
				'admin without it' => false,
			),
			$shown
		);
	}
}
