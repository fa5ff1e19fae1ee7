<?php
/**
 * WordPress picks a wp_die() handler per kind of request (plain, Ajax, JSON, JSONP, XML-RPC, XML), each behind its
 * own filter; a runner that must see every wp_die() hooks all of them.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

final class WpDieHandlers {

	private const FILTERS = array( 'wp_die_handler', 'wp_die_ajax_handler', 'wp_die_json_handler', 'wp_die_jsonp_handler', 'wp_die_xmlrpc_handler', 'wp_die_xml_handler' );

	/**
	 * @param callable(callable): callable $wrap Gets the handler WordPress would use, returns the one to use.
	 */
	public static function wrap( callable $wrap, int $priority ): void {
		foreach ( self::FILTERS as $filter ) {
			add_filter( $filter, $wrap, $priority );
		}
	}

	/**
	 * @param callable(callable): callable $wrap What wrap() added.
	 */
	public static function unwrap( callable $wrap, int $priority ): void {
		foreach ( self::FILTERS as $filter ) {
			remove_filter( $filter, $wrap, $priority );
		}
	}
}
