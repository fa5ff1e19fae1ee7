<?php
/**
 * Applies the result of a job run in review mode (`review: true`: it stored `before`/`after` and wrote nothing),
 * later, on a person's accept — by the rule that protects single jobs: the value is written only while the object
 * still holds `before` (a newer human edit wins: `iacp_changed_since`), and only while the acting user may still
 * edit it (`iacp_forbidden`). Each type writes through the same class its handler writes with (PostFieldValue,
 * FeaturedImage, AltText). Applying twice is harmless: a value already in place counts as applied.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\JobTypes;

use IACP\Jobs\Job;
use IACP\Jobs\JobStatus;
use WP_Error;

final class ReviewedResult {

	/**
	 * @param Job         $job            A completed review-mode job of type post_field, image (set_featured) or alt_text.
	 * @param string|null $edited_value   The value the reviewer typed instead of `after` (post_field, alt_text), cleaned as
	 *                                    the job cleans the AI's; null keeps `after`.
	 * @param int         $acting_user_id The person accepting.
	 */
	public static function apply( Job $job, ?string $edited_value, int $acting_user_id ): true|WP_Error {
		$result = is_array( $job->result ) ? $job->result : array();
		if ( JobStatus::COMPLETED !== $job->status || empty( $job->input['review'] ) || ! isset( $result['after'] ) ) {
			return self::error( 'iacp_not_reviewable', __( 'This job has no result waiting for review.', 'iacp' ), 400 );
		}
		$post_id = (int) $job->post_id;
		clean_post_cache( $post_id );
		if ( $post_id <= 0 || null === get_post( $post_id ) ) {
			return self::error( 'iacp_changed_since', __( 'The item was deleted after the job ran.', 'iacp' ), 409 );
		}
		// Read as they are now: the reviewer's role or the post's author may have changed since the job ran.
		clean_user_cache( $acting_user_id );
		if ( ! user_can( $acting_user_id, 'edit_post', $post_id ) ) {
			return self::error( 'iacp_forbidden', __( 'You are not allowed to edit this item.', 'iacp' ), 403 );
		}
		$before = (string) ( $result['before'] ?? '' );
		$after  = (string) $result['after'];
		return match ( $job->type ) {
			PostFieldJobHandler::TYPE => self::apply_post_field( $post_id, (string) ( $result['field'] ?? '' ), $before, $edited_value ?? $after, $acting_user_id ),
			ImageJobHandler::TYPE => self::apply_featured_image( $post_id, (int) ( $result['after_id'] ?? 0 ), $edited_value ),
			AltTextJobHandler::TYPE => self::apply_alt_text( $post_id, $before, $edited_value ?? $after ),
			default => self::error( 'iacp_not_reviewable', __( 'Results of this job type cannot be applied.', 'iacp' ), 400 ),
		};
	}

	/**
	 * What a rejection undoes: a proposed featured image was added to the Media Library only to be reviewed, so it
	 * is deleted — unless it no longer is this job's image alone (another post uses it, or the reviewer may not
	 * delete it). Text proposals wrote nothing, so there is nothing to undo. Returns whether an image was deleted.
	 *
	 * @param Job $job            A completed review-mode job.
	 * @param int $acting_user_id The person rejecting.
	 */
	public static function discard( Job $job, int $acting_user_id ): bool {
		$result        = is_array( $job->result ) ? $job->result : array();
		$attachment_id = (int) ( $result['after_id'] ?? 0 );
		if ( ImageJobHandler::TYPE !== $job->type || empty( $job->input['review'] ) || $attachment_id <= 0 ) {
			return false;
		}
		$marker = (string) get_post_meta( $attachment_id, ImageJobHandler::META_KEY, true );
		if ( ! str_starts_with( $marker, $job->public_id . ':' ) || self::is_in_use( $attachment_id ) || ! user_can( $acting_user_id, 'delete_post', $attachment_id ) ) {
			return false;
		}
		return false !== wp_delete_attachment( $attachment_id, true );
	}

	/**
	 * Whether a post shows the image: as its featured image, or in its content (the block editor's wp-image-N class).
	 */
	private static function is_in_use( int $attachment_id ): bool {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- a one-off check before deleting; no API finds the posts that show an image.
		$featured = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->postmeta} WHERE meta_key = '_thumbnail_id' AND meta_value = %s", (string) $attachment_id ) );
		if ( $featured > 0 ) {
			return true;
		}
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- as above.
		$shown = (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->posts} WHERE post_type <> 'revision' AND post_content LIKE %s", '%wp-image-' . $wpdb->esc_like( (string) $attachment_id ) . '"%' ) );
		return $shown > 0;
	}

	private static function apply_post_field( int $post_id, string $field, string $before, string $value, int $user_id ): true|WP_Error {
		$allowed = ( new PostFields() )->check( $post_id, $field, $user_id );
		if ( $allowed instanceof WP_Error ) {
			return self::error( 'iacp_forbidden', $allowed->get_error_message(), 403 );
		}
		$value = PostFieldValue::clean( $field, $value );
		if ( '' === $value ) {
			return self::invalid_value( __( 'The value is empty.', 'iacp' ) );
		}
		$current = PostFieldValue::read( $post_id, $field );
		if ( $current === $value ) {
			return true;
		}
		if ( $current !== $before || ! PostFieldValue::compare_and_set( $post_id, $field, $before, $value ) ) {
			return self::changed_since();
		}
		return true;
	}

	private static function apply_featured_image( int $post_id, int $attachment_id, ?string $edited_value ): true|WP_Error {
		if ( null !== $edited_value ) {
			return self::invalid_value( __( 'A featured image cannot be edited here; accept or reject it.', 'iacp' ) );
		}
		if ( $attachment_id <= 0 || ! wp_attachment_is_image( $attachment_id ) ) {
			return self::error( 'iacp_changed_since', __( 'The generated image was deleted from the Media Library.', 'iacp' ), 409 );
		}
		if ( FeaturedImage::SET !== FeaturedImage::set_if_missing( $post_id, $attachment_id ) ) {
			return self::changed_since();
		}
		return true;
	}

	private static function apply_alt_text( int $attachment_id, string $before, string $value ): true|WP_Error {
		$value = AltText::clean( $value );
		if ( '' === $value ) {
			return self::invalid_value( __( 'The value is empty.', 'iacp' ) );
		}
		$current = AltText::read( $attachment_id );
		if ( $current === $value ) {
			return true;
		}
		if ( $current !== $before || ! AltText::compare_and_set( $attachment_id, $before, $value ) ) {
			return self::changed_since();
		}
		return true;
	}

	private static function changed_since(): WP_Error {
		return self::error( 'iacp_changed_since', __( 'Someone changed this since the job ran; their change was kept.', 'iacp' ), 409 );
	}

	private static function invalid_value( string $message ): WP_Error {
		return new WP_Error(
			'iacp_invalid_param',
			$message,
			array(
				'status' => 400,
				'field'  => 'value',
			)
		);
	}

	private static function error( string $code, string $message, int $status ): WP_Error {
		return new WP_Error( $code, $message, array( 'status' => $status ) );
	}
}
