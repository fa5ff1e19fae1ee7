<?php
/**
 * Activation: creates what the plugin stores.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Lifecycle;

final class Activator {

	public static function activate(): void {
		iacp()->upgrader()->upgrade();
	}
}
