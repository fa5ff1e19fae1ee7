<?php
/**
 * Reads and writes one refinable field of a post (title, excerpt or `meta:<key>`): the one write path a
 * `post_field` job and a later "apply the reviewed result" share. A write happens only while the field still holds
 * the value the job started from, so a newer human edit always wins.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\JobTypes;

final class PostFieldValue {

	/**
	 * The field's value straight from the database (caches dropped first: workers are long-lived).
	 */
	public static function read( int $post_id, string $field ): string {
		if ( str_starts_with( $field, PostFields::META_PREFIX ) ) {
			wp_cache_delete( $post_id, 'post_meta' );
			return (string) get_post_meta( $post_id, substr( $field, strlen( PostFields::META_PREFIX ) ), true );
		}
		clean_post_cache( $post_id );
		$post = get_post( $post_id );
		if ( null === $post ) {
			return '';
		}
		return 'title' === $field ? $post->post_title : $post->post_excerpt;
	}

	/**
	 * A value made fit for the field: a title is one line of plain text (at most 200 characters), anything else
	 * plain text.
	 */
	public static function clean( string $field, string $text ): string {
		$text = trim( $text );
		if ( 'title' === $field ) {
			$text = trim( (string) preg_replace( '/\s+/', ' ', wp_strip_all_tags( $text ) ) );
			return mb_substr( $text, 0, 200 );
		}
		return sanitize_textarea_field( $text );
	}

	/**
	 * Writes $value only if the field still holds $original, re-read just before writing.
	 * WordPress has no atomic compare-and-set for posts; the window is the few microseconds between the re-read
	 * and wp_update_post(). For meta, update_post_meta()'s previous-value guard makes the write itself conditional.
	 */
	public static function compare_and_set( int $post_id, string $field, string $original, string $value ): bool {
		if ( self::read( $post_id, $field ) !== $original ) {
			return false;
		}
		if ( str_starts_with( $field, PostFields::META_PREFIX ) ) {
			$key = substr( $field, strlen( PostFields::META_PREFIX ) );
			if ( '' === $original ) {
				return (bool) update_post_meta( $post_id, $key, wp_slash( $value ) );
			}
			return (bool) update_post_meta( $post_id, $key, wp_slash( $value ), $original );
		}
		// wp_update_post() expects slashed data.
		$slashed = (string) wp_slash( $value );
		$changes = 'title' === $field ? array(
			'ID'         => $post_id,
			'post_title' => $slashed,
		) : array(
			'ID'           => $post_id,
			'post_excerpt' => $slashed,
		);
		$updated = wp_update_post( $changes, true );
		return ! is_wp_error( $updated ) && $updated > 0;
	}
}
