<?php
/**
 * The site owner's global AI switch (WordPress ≥ 7.0): `wp_supports_ai()`, false when `WP_AI_SUPPORT` is false or a
 * `wp_supports_ai` filter says so. While it is off, nobody starts an AI job (403), the editor hides its AI controls
 * and workers leave AI jobs queued, so they run once it is back on. On WordPress before 7.0 the switch does not
 * exist and AI is always on.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Security;

use WP_Error;

final class SiteAiSwitch {

	/** The built-in job types that call the AI provider. */
	private const AI_TYPES = array( 'text', 'image', 'post_field' );

	/**
	 * Whether the site allows AI in this request.
	 */
	public static function is_on(): bool {
		return ! function_exists( 'wp_supports_ai' ) || wp_supports_ai();
	}

	/**
	 * Whether jobs of this type call the AI (and so wait while the switch is off).
	 */
	public static function is_ai_type( string $type ): bool {
		/**
		 * Filters the job types that call an AI provider: while the site's AI switch is off, they cannot be started
		 * and workers leave them queued.
		 *
		 * @param list<string> $types The built-in text, image and post_field.
		 */
		$types = (array) apply_filters( 'iacp_ai_job_types', self::AI_TYPES );
		return in_array( $type, $types, true );
	}

	/**
	 * Whether a job of this type may start or run now.
	 */
	public static function allows( string $type ): bool {
		return self::is_on() || ! self::is_ai_type( $type );
	}

	/**
	 * What a caller is told when the switch is off.
	 */
	public static function refusal(): WP_Error {
		return new WP_Error(
			'iacp_ai_disabled',
			__( 'AI features are turned off on this site. Jobs already queued wait until they are turned on again.', 'iacp' ),
			array( 'status' => 403 )
		);
	}
}
