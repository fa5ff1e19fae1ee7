<?php
/**
 * Composition root: builds every service once and registers their hooks.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP;

use IACP\Admin\JobsPage;
use IACP\Assets\AssetLoader;
use IACP\Assets\EditorAssets;
use IACP\Assets\JsxRuntimeShim;
use IACP\Lifecycle\Upgrader;

final class Plugin {

	private bool $registered = false;

	/** @var array<string, object> Services built so far, by name. */
	private array $services = array();

	public function __construct( private readonly string $main_file ) {}

	public function main_file(): string {
		return $this->main_file;
	}

	public function dir(): string {
		return dirname( $this->main_file );
	}

	/**
	 * Registers every service's hooks; a second call does nothing.
	 */
	public function register(): void {
		if ( $this->registered ) {
			return;
		}
		$this->registered = true;
		foreach ( $this->services() as $service ) {
			$service->register();
		}
		/** Fires once every IACP service has registered its hooks. */
		do_action( 'iacp_loaded', $this );
	}

	/**
	 * Every service that hooks into WordPress, in registration order.
	 *
	 * @return list<Service>
	 */
	private function services(): array {
		return array(
			$this->upgrader(),
			new JsxRuntimeShim(),
			new EditorAssets( $this->asset_loader() ),
			new JobsPage( $this->asset_loader() ),
		);
	}

	public function upgrader(): Upgrader {
		return $this->shared( Upgrader::class, fn() => new Upgrader() );
	}

	public function asset_loader(): AssetLoader {
		return $this->shared( AssetLoader::class, fn() => new AssetLoader( $this->dir(), plugins_url( '', $this->main_file ) ) );
	}

	/**
	 * Builds a service on first use and hands back the same one afterwards.
	 *
	 * @template T of object
	 * @param class-string<T> $name    Service name.
	 * @param callable(): T   $factory Builds it.
	 * @return T
	 */
	private function shared( string $name, callable $factory ): object {
		if ( ! isset( $this->services[ $name ] ) ) {
			$this->services[ $name ] = $factory();
		}
		/** @var T */
		return $this->services[ $name ];
	}
}
