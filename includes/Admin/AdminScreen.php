<?php
/**
 * One admin screen of the plugin: a submenu page whose body the admin entry (React) renders into, with the entry
 * enqueued on that screen only. Tools → AI Jobs and Settings → AI Content Pipeline are two of these.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Admin;

use IACP\Assets\AssetLoader;
use IACP\Security\Capabilities;
use IACP\Service;

final class AdminScreen implements Service {

	private const ENTRY = 'admin';

	/**
	 * @param AssetLoader $loader Enqueues the admin entry.
	 * @param string      $parent Parent menu file (tools.php, options-general.php).
	 * @param string      $slug   Page slug.
	 * @param \Closure    $title  Gives the translated page and menu title (translated late, after init).
	 * @param string      $screen Which screen the admin entry renders (data-screen).
	 */
	public function __construct(
		private readonly AssetLoader $loader,
		private readonly string $parent,
		private readonly string $slug,
		private readonly \Closure $title,
		private readonly string $screen,
		private readonly string $capability = Capabilities::MANAGE_JOBS,
		private readonly string $root_id = 'iacp-admin-root'
	) {}

	/**
	 * Tools → AI Jobs.
	 */
	public static function jobs( AssetLoader $loader ): self {
		return new self( $loader, 'tools.php', 'iacp-jobs', static fn(): string => __( 'AI Jobs', 'iacp' ), 'jobs' );
	}

	/**
	 * Settings → AI Content Pipeline.
	 */
	public static function settings( AssetLoader $loader ): self {
		return new self( $loader, 'options-general.php', 'iacp-settings', static fn(): string => __( 'AI Content Pipeline', 'iacp' ), 'settings' );
	}

	/**
	 * Tools → AI Batches: authors see their own batches, managers everyone's (the REST routes decide).
	 */
	public static function batches( AssetLoader $loader ): self {
		return new self( $loader, 'tools.php', 'iacp-batches', static fn(): string => __( 'AI Batches', 'iacp' ), 'batches', Capabilities::GENERATE_TEXT, 'iacp-batches-root' );
	}

	public function register(): void {
		add_action( 'admin_menu', array( $this, 'add_page' ) );
	}

	public function add_page(): void {
		$title = ( $this->title )();
		// The same capability as the REST routes these screens call, so delegating it works the same everywhere.
		$hook = add_submenu_page( $this->parent, $title, $title, $this->capability, $this->slug, array( $this, 'render' ) );
		if ( false !== $hook ) {
			add_action( 'load-' . $hook, fn() => add_action( 'admin_enqueue_scripts', array( $this, 'enqueue' ) ) );
		}
	}

	public function enqueue(): void {
		if ( ! $this->loader->enqueue( self::ENTRY ) || ! current_user_can( Capabilities::MANAGE_JOBS ) ) {
			return; // The settings below (site path, runner URL) are for managers only.
		}
		$roles = array();
		foreach ( wp_roles()->get_names() as $role => $name ) {
			$roles[ $role ] = translate_user_role( $name );
		}
		// The settings screen offers a daily token budget for each role of this site.
		wp_add_inline_script(
			AssetLoader::handle( self::ENTRY ),
			'window.iacpAdminSettings = ' . wp_json_encode(
				array(
					'roles'       => $roles,
					// The `npm start` demo labels its local test AI server as such.
					'demoAiUrl'   => defined( 'IACP_DEMO_AI_BASE_URL' ) ? (string) IACP_DEMO_AI_BASE_URL : null,
					// The queue help's command lines name this site's folder and runner URL (managers only see it).
					'wpPath'      => untrailingslashit( ABSPATH ),
					'queueRunUrl' => rest_url( 'iacp/v1/queue/run' ),
				)
			) . ';',
			'before'
		);
	}

	public function render(): void {
		printf(
			'<div class="wrap"><h1>%s</h1><div id="%s" data-screen="%s"></div></div>',
			esc_html( ( $this->title )() ),
			esc_attr( $this->root_id ),
			esc_attr( $this->screen )
		);
	}
}
