<?php
/**
 * Registers every iacp/v1 controller on rest_api_init.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\REST;

use IACP\Service;

final class Routes implements Service {

	/** The REST namespace of every route of the plugin. */
	public const NAMESPACE = 'iacp/v1';

	/**
	 * @param \Closure(): list<\WP_REST_Controller> $controllers Builds the controllers, only when the REST API starts.
	 */
	public function __construct( private readonly \Closure $controllers ) {}

	public function register(): void {
		add_action( 'rest_api_init', array( $this, 'register_routes' ) );
	}

	public function register_routes(): void {
		foreach ( ( $this->controllers )() as $controller ) {
			$controller->register_routes();
		}
	}
}
