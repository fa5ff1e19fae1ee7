<?php
/**
 * Open event streams each hold a PHP worker for up to a minute: at most a few per user and a few for the whole site
 * (filter `iacp_event_stream_limits`). A stream that gets no slot is answered 429, and the client polls instead.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Security;

final class StreamSlots {

	public const PER_USER = 2;
	public const SITE     = 4;

	/**
	 * The caps in force.
	 *
	 * @return array{per_user: int, site: int}
	 */
	public function limits(): array {
		/**
		 * Filters how many event streams may be open at once, per user and on the whole site. Each holds a PHP
		 * worker; keep the site's figure well under the number of PHP workers (0 turns streams off: clients poll).
		 *
		 * @param array{per_user: int, site: int} $limits Default 2 and 4.
		 */
		$limits = (array) apply_filters(
			'iacp_event_stream_limits',
			array(
				'per_user' => self::PER_USER,
				'site'     => self::SITE,
			)
		);
		return array(
			'per_user' => max( 0, (int) ( $limits['per_user'] ?? self::PER_USER ) ),
			'site'     => max( 0, (int) ( $limits['site'] ?? self::SITE ) ),
		);
	}

	/**
	 * Takes one of the user's slots and one of the site's for $ttl seconds. Returns a handle for close(), or null
	 * when either cap is reached.
	 */
	public function open( int $user_id, int $ttl ): ?string {
		$limits = $this->limits();
		$user   = new SlotPool( 'iacp_stream_u' . $user_id . '_', $limits['per_user'] );
		$mine   = $user->acquire( $ttl );
		if ( null === $mine ) {
			return null;
		}
		$ours = ( new SlotPool( 'iacp_stream_site_', $limits['site'] ) )->acquire( $ttl );
		if ( null === $ours ) {
			SlotPool::release( $mine );
			return null;
		}
		return $mine . ' ' . $ours;
	}

	public function close( string $handle ): void {
		foreach ( explode( ' ', $handle ) as $slot ) {
			SlotPool::release( $slot );
		}
	}
}
