<?php
/**
 * Sets a generated image as a post's featured image only while the post has none: a featured image a person chose
 * (before the job or while it ran) is never replaced by a background job. The one write path of the `image` job
 * (`set_featured`) and of applying its reviewed result.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\JobTypes;

final class FeaturedImage {

	/** The image is now the featured image (set now, or by an earlier attempt). */
	public const SET = 'set';

	/** The post has another featured image: nothing was written. */
	public const TAKEN = 'has_featured_image';

	/**
	 * The post's featured image as it is in the database now (0 when none).
	 */
	public static function current( int $post_id ): int {
		wp_cache_delete( $post_id, 'post_meta' );
		return (int) get_post_meta( $post_id, '_thumbnail_id', true );
	}

	/**
	 * The featured image's URL, '' when the post has none.
	 */
	public static function url( int $post_id ): string {
		$id = self::current( $post_id );
		return $id > 0 ? (string) wp_get_attachment_url( $id ) : '';
	}

	/**
	 * Sets $attachment_id as the featured image if the post has none (or already this one).
	 *
	 * @return self::SET|self::TAKEN
	 */
	public static function set_if_missing( int $post_id, int $attachment_id ): string {
		$current = self::current( $post_id );
		if ( $current === $attachment_id ) {
			return self::SET;
		}
		if ( $current > 0 ) {
			return self::TAKEN;
		}
		// Both writes are conditional (a unique row; the previous value), so two writers cannot both set one.
		$written = metadata_exists( 'post', $post_id, '_thumbnail_id' )
			? update_post_meta( $post_id, '_thumbnail_id', $attachment_id, get_post_meta( $post_id, '_thumbnail_id', true ) )
			: add_post_meta( $post_id, '_thumbnail_id', $attachment_id, true );
		if ( ! $written ) {
			return self::current( $post_id ) === $attachment_id ? self::SET : self::TAKEN;
		}
		return self::SET;
	}
}
