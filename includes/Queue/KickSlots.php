<?php
/**
 * At most a few kick runners at once (each holds a web worker): a SlotPool of option rows, taken over once their
 * holder's time is up (a runner that died never frees its slot).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Queue;

use IACP\Security\SlotPool;

final class KickSlots {

	private const PREFIX = 'iacp_kick_slot_';

	private readonly SlotPool $pool;

	public function __construct( int $slots = 2 ) {
		$this->pool = new SlotPool( self::PREFIX, $slots );
	}

	/**
	 * Takes a free slot for $ttl seconds. Returns a handle for release(), or null when all are busy.
	 */
	public function acquire( int $ttl ): ?string {
		return $this->pool->acquire( $ttl );
	}

	public function release( string $handle ): void {
		SlotPool::release( $handle );
	}
}
