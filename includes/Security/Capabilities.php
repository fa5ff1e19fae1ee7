<?php
/**
 * The plugin's capabilities and who holds them by default:
 * iacp_generate_text ← edit_posts, iacp_generate_images ← upload_files, iacp_manage_jobs ← manage_options.
 *
 * Granted dynamically through `user_has_cap`, so a role editor or the `iacp_capability_defaults` filter can change
 * them; a capability explicitly set on a role or user (true or false) always wins.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Security;

use IACP\Service;

final class Capabilities implements Service {

	public const GENERATE_TEXT   = 'iacp_generate_text';
	public const GENERATE_IMAGES = 'iacp_generate_images';
	public const MANAGE_JOBS     = 'iacp_manage_jobs';

	public function register(): void {
		add_filter( 'user_has_cap', array( $this, 'grant_defaults' ), 10, 4 );
	}

	/**
	 * Each IACP capability => the core capability that grants it by default.
	 *
	 * @return array<string, string>
	 */
	public static function defaults(): array {
		/**
		 * Filters which core capability grants each IACP capability by default.
		 *
		 * @param array<string, string> $defaults IACP capability => core capability.
		 */
		return (array) apply_filters(
			'iacp_capability_defaults',
			array(
				self::GENERATE_TEXT   => 'edit_posts',
				self::GENERATE_IMAGES => 'upload_files',
				self::MANAGE_JOBS     => 'manage_options',
			)
		);
	}

	/**
	 * @param array<string, bool> $allcaps The user's capabilities.
	 * @param array<int, string>  $caps    Primitive capabilities being checked.
	 * @param array<int, mixed>   $args    The original check.
	 * @param \WP_User            $user    The user.
	 * @return array<string, bool>
	 */
	public function grant_defaults( array $allcaps, array $caps, array $args, \WP_User $user ): array {
		foreach ( self::defaults() as $capability => $granted_by ) {
			if ( in_array( $capability, $caps, true ) && ! array_key_exists( $capability, $allcaps ) ) {
				$allcaps[ $capability ] = ! empty( $allcaps[ $granted_by ] );
			}
		}
		return $allcaps;
	}
}
