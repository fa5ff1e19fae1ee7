<?php
/**
 * A part of the plugin that hooks itself into WordPress.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP;

interface Service {

	/**
	 * Adds this service's hooks. Called once, from the composition root.
	 */
	public function register(): void;
}
