<?php
/**
 * Where an event stream writes: Server-Sent Events to the client (SseSink), or a list in a test.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\REST;

interface EventSink {

	/**
	 * One event.
	 *
	 * @param array<string, mixed> $data Its payload (JSON).
	 * @param string               $id   The event id (the client's Last-Event-ID), if any.
	 */
	public function event( string $name, array $data, string $id = '' ): void;

	/**
	 * A comment line that keeps proxies from closing an idle stream (and lets PHP notice a client that left).
	 */
	public function heartbeat(): void;

	/**
	 * Sends what was written; false once the client has gone.
	 */
	public function flush(): bool;
}
