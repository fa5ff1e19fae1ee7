<?php
/**
 * Activation, deactivation and uninstall on MariaDB and on SQLite, each in a fresh PHP process as WordPress does it.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Lifecycle;

use IACP\Tests\SiteProbe;
use IACP\Tests\TestEnvironment;
use PHPUnit\Framework\TestCase;

final class LifecycleTest extends TestCase {

	/**
	 * @return array<string, array{string, string, string}>
	 */
	public function sites(): array {
		return array(
			'MariaDB' => array( 'IACP_ENV_FILE', 'test', 'mysql' ),
			'SQLite'  => array( 'IACP_SQLITE_ENV_FILE', 'test-sqlite', 'sqlite' ),
		);
	}

	/**
	 * @dataProvider sites
	 */
	public function test_activation_runs_the_bootstrap_without_notices( string $variable, string $site, string $engine ): void {
		$wp_path = TestEnvironment::load( $variable, $site )['wp_path'];

		$state = SiteProbe::run( $wp_path, array( 'deactivate', 'activate' ) );

		$this->assertSame( $engine, $state['db_engine'], 'the site runs on the database it should' );
		$this->assertTrue( $state['active'], 'the plugin is active' );
		$this->assertTrue( $state['loaded'], 'the composition root registered its services (iacp_loaded fired)' );
		$this->assertSame( IACP_VERSION, $state['version_option'], 'activation recorded the schema/data version' );
		$this->assertSame( array(), SiteProbe::plugin_notices( $state ) );
	}

	/**
	 * @dataProvider sites
	 */
	public function test_deactivation_clears_scheduled_events_and_uninstall_removes_everything( string $variable, string $site, string $engine ): void {
		$wp_path = TestEnvironment::load( $variable, $site )['wp_path'];

		try {
			$deactivated = SiteProbe::run( $wp_path, array( 'deactivate' ) );
			$this->assertFalse( $deactivated['active'] );
			$this->assertSame( array(), $deactivated['cron_hooks'], 'no IACP event stays scheduled' );

			// Leave a preview folder behind, as an image job in progress would.
			$previews = $wp_path . '/wp-content/uploads/iacp-tmp/0123456789abcdef0123456789abcdef';
			wp_mkdir_p( $previews );
			file_put_contents( $previews . '/0.png', 'png' ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_file_put_contents

			$uninstalled = SiteProbe::run( $wp_path, array( 'uninstall' ) );
			$this->assertSame( array(), $uninstalled['options'], 'no iacp_ option remains' );
			$this->assertSame( array(), $uninstalled['tables'], 'no IACP table remains' );
			$this->assertFalse( $uninstalled['preview_dir'], 'no preview files remain' );
			$this->assertSame( array(), SiteProbe::plugin_notices( $uninstalled ) );
		} finally {
			// The suite goes on with this site: whatever failed above, the plugin must be active again.
			$restored = SiteProbe::run( $wp_path, array( 'activate' ) );
		}
		$this->assertTrue( $restored['active'], 'the plugin activates again after an uninstall' );
		$this->assertSame( $engine, $restored['db_engine'] );
	}
}
