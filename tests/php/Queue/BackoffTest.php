<?php
/**
 * Exponential backoff with full jitter: delay ∈ [0, min(cap, base × 2^(attempt−1))]; Retry-After wins.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Queue;

use IACP\Queue\Backoff;
use IACP\Queue\QueueConfig;
use IACP\Settings\Settings;
use PHPUnit\Framework\TestCase;

final class BackoffTest extends TestCase {

	/** @var mixed */
	private $saved;

	protected function setUp(): void {
		$this->saved = get_option( Settings::OPTION, null );
		( new Settings() )->update(
			array(
				'retry_base_seconds' => 5,
				'retry_cap_seconds'  => 60,
			)
		);
	}

	protected function tearDown(): void {
		null === $this->saved ? delete_option( Settings::OPTION ) : update_option( Settings::OPTION, $this->saved, false );
	}

	/**
	 * @return array<string, array{ int, int }>
	 */
	public function ceilings(): array {
		return array(
			'attempt 1' => array( 1, 5 ),
			'attempt 2' => array( 2, 10 ),
			'attempt 3' => array( 3, 20 ),
			'attempt 4' => array( 4, 40 ),
			'attempt 5' => array( 5, 60 ),
			'capped'    => array( 40, 60 ),
		);
	}

	/**
	 * @dataProvider ceilings
	 */
	public function test_full_jitter_bounds( int $attempt, int $ceiling ): void {
		$asked   = array();
		$backoff = new Backoff(
			new QueueConfig( new Settings() ),
			static function ( int $min, int $max ) use ( &$asked ): int {
				$asked[] = array( $min, $max );
				return $max;
			}
		);
		$this->assertSame( $ceiling, $backoff->ceiling( $attempt ) );
		$this->assertSame( $ceiling, $backoff->delay( $attempt ) );
		$this->assertSame( array( array( 0, $ceiling ) ), $asked, 'full jitter: uniform in [0, ceiling]' );

		$real = new Backoff( new QueueConfig( new Settings() ) );
		for ( $i = 0; $i < 50; $i++ ) {
			$delay = $real->delay( $attempt );
			$this->assertGreaterThanOrEqual( 0, $delay );
			$this->assertLessThanOrEqual( $ceiling, $delay );
		}
	}

	public function test_retry_after_overrides_and_is_at_least_one_second(): void {
		$backoff = new Backoff( new QueueConfig( new Settings() ), static fn(): int => 3 );
		$this->assertSame( 120, $backoff->delay( 1, 120 ), 'longer than the cap: the provider knows best' );
		$this->assertSame( 1, $backoff->delay( 1, 0 ) );
		$this->assertSame( 1, $backoff->delay( 1, -5 ) );
		$this->assertSame( 3, $backoff->delay( 1, null ) );
	}
}
