<?php
/**
 * Server-Sent Events on the response: headers that stop buffering, `event:`/`id:`/`data:` blocks, flushed at once.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\REST;

final class SseSink implements EventSink {

	/**
	 * Takes over the response: no output buffers, event-stream headers, and a reconnect delay. PHP's time limit is
	 * the host's (the route asks for a lifetime inside it).
	 */
	public function start(): void {
		ignore_user_abort( false );
		while ( ob_get_level() > 0 ) {
			ob_end_clean();
		}
		header( 'Content-Type: text/event-stream; charset=utf-8', true );
		header( 'Cache-Control: no-cache, no-transform', true );
		// Tells nginx (and proxies that honour it) not to buffer the stream.
		header( 'X-Accel-Buffering: no', true );
		header_remove( 'Content-Length' );
		echo "retry: 1000\n\n";
	}

	public function event( string $name, array $data, string $id = '' ): void {
		if ( '' !== $id ) {
			echo 'id: ' . esc_html( (string) preg_replace( '/[^A-Za-z0-9]/', '', $id ) ) . "\n";
		}
		echo 'event: ' . esc_html( $name ) . "\n";
		echo 'data: ' . wp_json_encode( $data ) . "\n\n"; // phpcs:ignore WordPress.Security.EscapeOutput.OutputNotEscaped -- JSON for an event stream, not HTML.
	}

	public function heartbeat(): void {
		echo ": heartbeat\n\n";
	}

	public function flush(): bool {
		flush();
		return ! connection_aborted();
	}
}
