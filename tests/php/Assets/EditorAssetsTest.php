<?php
/**
 * The editor offers an AI action exactly when the REST API would let the user start that job type.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Assets;

use IACP\Assets\EditorAssets;
use IACP\Tests\IntegrationTestCase;

final class EditorAssetsTest extends IntegrationTestCase {

	public function test_the_editor_offers_what_the_type_capabilities_allow(): void {
		$assets = new EditorAssets( iacp()->asset_loader(), iacp()->job_access() );
		wp_set_current_user( $this->user( 'contributor' ) );
		$this->assertSame(
			array( true, false, false ),
			array( $assets->settings()['canGenerateText'], $assets->settings()['canGenerateImages'], $assets->settings()['canManage'] )
		);

		$filter = static fn( string $capability, string $type ): string => 'image' === $type ? 'edit_posts' : $capability;
		add_filter( 'iacp_job_type_capability', $filter, 10, 2 );
		try {
			$this->assertTrue( $assets->settings()['canGenerateImages'], 'a site that lets contributors make images' );
			$this->assertTrue( iacp()->job_access()->check_can_start( 'image', null ), 'and the server agrees' );
		} finally {
			remove_filter( 'iacp_job_type_capability', $filter, 10 );
		}
	}
}
