<?php
/**
 * The job types this site knows: built-in ones and those other plugins add on `iacp_register_job_types`.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

final class JobTypeRegistry {

	/** @var array<string, JobHandler> */
	private array $handlers = array();

	private bool $collected = false;

	/**
	 * Adds a job type. Type names are lowercase letters, digits, `_` and `-`, up to 64 characters.
	 *
	 * @throws \InvalidArgumentException When the name is malformed or already taken.
	 */
	public function register( string $type, JobHandler $handler ): void {
		if ( ! preg_match( '/^[a-z0-9_-]{1,64}$/', $type ) ) {
			throw new \InvalidArgumentException( sprintf( 'Job type "%s" must match [a-z0-9_-]{1,64}.', esc_html( $type ) ) );
		}
		if ( isset( $this->handlers[ $type ] ) ) {
			throw new \InvalidArgumentException( sprintf( 'Job type "%s" is already registered.', esc_html( $type ) ) );
		}
		$this->handlers[ $type ] = $handler;
	}

	public function get( string $type ): ?JobHandler {
		$this->collect();
		return $this->handlers[ $type ] ?? null;
	}

	public function has( string $type ): bool {
		return null !== $this->get( $type );
	}

	/**
	 * @return list<string>
	 */
	public function types(): array {
		$this->collect();
		return array_keys( $this->handlers );
	}

	/**
	 * Asks every plugin for its job types, once, on first use (after all plugins have loaded).
	 */
	private function collect(): void {
		if ( $this->collected ) {
			return;
		}
		$this->collected = true;
		/**
		 * Register job types: `$registry->register( 'type', $handler )`.
		 *
		 * @param JobTypeRegistry $registry The registry.
		 */
		do_action( 'iacp_register_job_types', $this );
	}
}
