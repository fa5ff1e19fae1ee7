<?php
/**
 * The slice of WP-CLI's API the plugin calls, for PHPStan (WP-CLI itself is not a Composer dependency).
 *
 * @package IACP
 */

// phpcs:disable

namespace {
	class WP_CLI {
		/**
		 * @param string|callable|object $callable
		 * @param array<string, mixed>   $args
		 */
		public static function add_command( string $name, $callable, array $args = array() ): bool {
			return true;
		}

		public static function line( string $message = '' ): void {}

		public static function log( string $message ): void {}

		public static function success( string $message ): void {}

		public static function warning( string $message ): void {}

		/**
		 * @return never
		 */
		public static function error( string $message, bool $exit = true ): void {
			exit( 1 );
		}
	}
}

namespace WP_CLI\Utils {
	/**
	 * @param array<int, array<string, mixed>> $items
	 * @param list<string>|string              $fields
	 */
	function format_items( string $format, array $items, $fields ): void {}
}
