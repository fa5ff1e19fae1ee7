<?php
/**
 * What each batch action is: the job type and input it queues per item, the post type support it needs, what it
 * reads as "before", and its label. The one place an action is defined.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Batches;

final class BatchAction {

	public const EXCERPT        = 'excerpt';
	public const TITLE          = 'title';
	public const FEATURED_IMAGE = 'featured_image';
	public const ALT_TEXT       = 'alt_text';

	public const ALL = array( self::EXCERPT, self::TITLE, self::FEATURED_IMAGE, self::ALT_TEXT );

	public static function label( string $action ): string {
		return match ( $action ) {
			self::EXCERPT => __( 'Write excerpts with AI', 'iacp' ),
			self::TITLE => __( 'Improve titles with AI', 'iacp' ),
			self::FEATURED_IMAGE => __( 'Generate featured images with AI', 'iacp' ),
			self::ALT_TEXT => __( 'Write alt text with AI', 'iacp' ),
			default => $action,
		};
	}

	public static function job_type( string $action ): string {
		return match ( $action ) {
			self::FEATURED_IMAGE => 'image',
			self::ALT_TEXT => 'alt_text',
			default => 'post_field',
		};
	}

	/**
	 * The post type feature an action needs (post_type_supports()); alt text works on image attachments instead.
	 */
	public static function support( string $action ): string {
		return match ( $action ) {
			self::EXCERPT => 'excerpt',
			self::TITLE => 'title',
			default => 'thumbnail',
		};
	}

	/**
	 * Whether the action applies to objects of a post type.
	 */
	public static function fits_post_type( string $action, string $post_type ): bool {
		if ( self::ALT_TEXT === $action ) {
			return 'attachment' === $post_type;
		}
		$object = get_post_type_object( $post_type );
		return null !== $object && 'attachment' !== $post_type && $object->show_ui && post_type_supports( $post_type, self::support( $action ) );
	}

	/**
	 * The job input for one object.
	 *
	 * @return array<string, mixed>
	 */
	public static function job_input( string $action, \WP_Post $post, bool $review, bool $replace ): array {
		$input = match ( $action ) {
			self::EXCERPT => array(
				'field'       => 'excerpt',
				'instruction' => __( 'Write a short excerpt (one or two sentences) that summarises the post, in the post\'s language.', 'iacp' ),
			),
			self::TITLE => array( 'field' => 'title' ),
			self::FEATURED_IMAGE => array(
				/* translators: %s: post title. */
				'prompt'       => mb_substr( sprintf( __( 'A featured image for an article titled "%s". No text in the image.', 'iacp' ), wp_strip_all_tags( $post->post_title ) ), 0, 900 ),
				'set_featured' => true,
			),
			default => array( 'replace' => $replace ),
		};
		if ( $review ) {
			$input['review'] = true;
		}
		return $input;
	}

	/**
	 * What the field holds now, as an item's "before".
	 */
	public static function current_value( string $action, int $object_id ): string {
		return match ( $action ) {
			self::EXCERPT => (string) get_post_field( 'post_excerpt', $object_id, 'raw' ),
			self::TITLE => (string) get_post_field( 'post_title', $object_id, 'raw' ),
			self::FEATURED_IMAGE => (string) wp_get_attachment_url( (int) get_post_thumbnail_id( $object_id ) ),
			default => (string) get_post_meta( $object_id, '_wp_attachment_image_alt', true ),
		};
	}
}
