<?php
/**
 * An image attachment's alt text (`_wp_attachment_image_alt`): read fresh, cleaned to a short literal description,
 * and written only while it still holds the value the job started from, so alt text a person wrote meanwhile wins.
 * The one write path of the `alt_text` job and of applying its reviewed result.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\JobTypes;

final class AltText {

	public const META_KEY = '_wp_attachment_image_alt';

	/** Longest alt text written: screen readers read it in one go; longer descriptions belong in the caption. */
	public const MAX_CHARS = 150;

	/** Openings models like that add nothing for a screen reader user ("Image of …"), in a few languages. */
	private const FILLER = '/^(?:alt(?:ernative)?[ -]text\s*:\s*|(?:(?:this|the)\s+)?(?:an?\s+)?(?:image|picture|photo(?:graph)?|illustration|graphic|screenshot)\s+(?:of|showing|shows|that shows|depicting|depicts)\s+|(?:bild|foto)\s+(?:von|eines|einer|eines)\s+|(?:image|photo)\s+(?:de|d\')\s*)/iu';

	public static function read( int $attachment_id ): string {
		wp_cache_delete( $attachment_id, 'post_meta' );
		return (string) get_post_meta( $attachment_id, self::META_KEY, true );
	}

	/**
	 * One line of plain text without surrounding quotes or an "Image of" opening, at most MAX_CHARS characters
	 * (cut at a word boundary).
	 */
	public static function clean( string $text ): string {
		$text = trim( (string) preg_replace( '/\s+/u', ' ', wp_strip_all_tags( $text ) ) );
		for ( $i = 0; $i < 3; $i++ ) {
			$before = $text;
			$text   = trim( $text, " \t\"'`“”‘’„«»‹›" );
			$text   = (string) preg_replace( self::FILLER, '', $text );
			if ( $before === $text ) {
				break;
			}
		}
		if ( mb_strlen( $text ) > self::MAX_CHARS ) {
			$cut  = mb_substr( $text, 0, self::MAX_CHARS + 1 );
			$text = rtrim( mb_substr( $cut, 0, max( 1, (int) mb_strrpos( $cut, ' ' ) ) ), ' ,;:-' );
		}
		return '' === $text ? '' : mb_strtoupper( mb_substr( $text, 0, 1 ) ) . mb_substr( $text, 1 );
	}

	/**
	 * Writes $value only if the alt text still holds $before (re-read just before writing). When it had a value,
	 * update_post_meta()'s previous-value guard makes the write itself conditional; an empty one is re-read, as
	 * WordPress cannot make "only while empty" atomic.
	 */
	public static function compare_and_set( int $attachment_id, string $before, string $value ): bool {
		if ( self::read( $attachment_id ) !== $before ) {
			return false;
		}
		if ( '' !== $before ) {
			return (bool) update_post_meta( $attachment_id, self::META_KEY, wp_slash( $value ), $before );
		}
		return (bool) update_post_meta( $attachment_id, self::META_KEY, wp_slash( $value ) );
	}
}
