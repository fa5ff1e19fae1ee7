<?php
/**
 * Settings → AI Content Pipeline: the settings screen the admin entry renders into.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Admin;

use IACP\Assets\AssetLoader;
use IACP\Service;

final class SettingsPage implements Service {

	public const SLUG  = 'iacp-settings';
	public const ENTRY = 'admin';

	public function __construct( private readonly AssetLoader $loader ) {}

	public function register(): void {
		add_action( 'admin_menu', array( $this, 'add_page' ) );
	}

	public function add_page(): void {
		$hook = add_options_page(
			__( 'AI Content Pipeline', 'iacp' ),
			__( 'AI Content Pipeline', 'iacp' ),
			'manage_options',
			self::SLUG,
			array( $this, 'render' )
		);
		if ( false !== $hook ) {
			add_action( 'load-' . $hook, fn() => add_action( 'admin_enqueue_scripts', fn() => $this->loader->enqueue( self::ENTRY ) ) );
		}
	}

	public function render(): void {
		printf(
			'<div class="wrap"><h1>%s</h1><div id="iacp-admin-root" data-screen="settings"></div></div>',
			esc_html__( 'AI Content Pipeline', 'iacp' )
		);
	}
}
