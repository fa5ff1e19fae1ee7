<?php
/**
 * The picture an `alt_text` job shows the vision model: a downscaled copy of the attachment (at most MAX_SIDE
 * pixels on its longer side), made with WordPress's image editor from the smallest intermediate size that is
 * still big enough, as a base64 data URL. Never the original file or any URL of the site: the provider gets only
 * these bytes (re-encoded, so the photo's EXIF data, such as its GPS position, stays on the site).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\JobTypes;

use IACP\Jobs\PermanentJobError;

final class AltTextImage {

	/** Longer side of the copy: enough for a literal description, and few image tokens. */
	public const MAX_SIDE = 768;

	/** Formats vision models take; anything else is sent as JPEG. */
	private const SENDABLE = array( 'image/png', 'image/jpeg', 'image/webp', 'image/gif' );

	/**
	 * The copy as `data:<type>;base64,…`, with its size.
	 *
	 * @return array{url: string, width: int, height: int, bytes: int}
	 * @throws PermanentJobError When WordPress cannot read or resize the image.
	 */
	public static function data_url( int $attachment_id ): array {
		// wp_tempnam() lives with the admin's file functions; workers run outside wp-admin.
		require_once trailingslashit( (string) constant( 'ABSPATH' ) ) . 'wp-admin/includes/file.php';
		$source = self::source_file( $attachment_id );
		$editor = wp_get_image_editor( $source );
		if ( is_wp_error( $editor ) ) {
			throw new PermanentJobError( __( 'WordPress could not open this image to make a smaller copy for the AI.', 'iacp' ), 'image_unreadable', $editor->get_error_message() ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
		$size = $editor->get_size();
		if ( max( (int) $size['width'], (int) $size['height'] ) > self::MAX_SIDE ) {
			$resized = $editor->resize( self::MAX_SIDE, self::MAX_SIDE, false );
			if ( is_wp_error( $resized ) ) {
				throw new PermanentJobError( __( 'WordPress could not make a smaller copy of this image for the AI.', 'iacp' ), 'image_unreadable', $resized->get_error_message() ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
			}
		}
		$mime = (string) wp_get_image_mime( $source );
		$mime = in_array( $mime, self::SENDABLE, true ) && wp_image_editor_supports( array( 'mime_type' => $mime ) ) ? $mime : 'image/jpeg';
		$temp = wp_tempnam( 'iacp-alt-text' );
		try {
			$saved = $editor->save( $temp, $mime );
			if ( is_wp_error( $saved ) || ! is_readable( (string) $saved['path'] ) ) {
				throw new PermanentJobError( __( 'WordPress could not make a smaller copy of this image for the AI.', 'iacp' ), 'image_unreadable', is_wp_error( $saved ) ? $saved->get_error_message() : 'not saved' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
			}
			$bytes = (string) file_get_contents( (string) $saved['path'] ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local temporary file this request just wrote.
			return array(
				'url'    => 'data:' . $mime . ';base64,' . base64_encode( $bytes ), // phpcs:ignore WordPress.PHP.DiscouragedPHPFunctions.obfuscation_base64_encode -- an image content part is a base64 data URL, as the OpenAI API defines.
				'width'  => (int) $saved['width'],
				'height' => (int) $saved['height'],
				'bytes'  => strlen( $bytes ),
			);
		} finally {
			wp_delete_file( $temp );
			if ( isset( $saved ) && is_array( $saved ) && $saved['path'] !== $temp ) {
				wp_delete_file( (string) $saved['path'] );
			}
		}
	}

	/**
	 * Prompt tokens an image of this size costs, as OpenAI counts them at high detail (scaled down to fit 2048 × 2048,
	 * then to a shortest side of at most 768; 170 per 512-pixel tile plus 85): the estimate for a provider that
	 * reports no usage.
	 */
	public static function tokens( int $width, int $height ): int {
		$scale  = min( 1.0, 2048 / max( 1, $width, $height ) );
		$width  = $width * $scale;
		$height = $height * $scale;
		$scale  = min( 1.0, 768 / max( 1.0, min( $width, $height ) ) );
		return 85 + 170 * (int) ceil( $width * $scale / 512 ) * (int) ceil( $height * $scale / 512 );
	}

	/**
	 * The smallest intermediate size at least MAX_SIDE on its longer side (less to decode), else the attached
	 * file (WordPress's own scaled-down copy for big uploads).
	 */
	private static function source_file( int $attachment_id ): string {
		$file = (string) get_attached_file( $attachment_id );
		$meta = wp_get_attachment_metadata( $attachment_id );
		$best = null;
		foreach ( (array) ( is_array( $meta ) ? ( $meta['sizes'] ?? array() ) : array() ) as $size ) {
			$longer = max( (int) ( $size['width'] ?? 0 ), (int) ( $size['height'] ?? 0 ) );
			$path   = dirname( $file ) . '/' . (string) ( $size['file'] ?? '' );
			if ( $longer >= self::MAX_SIDE && ( null === $best || $longer < $best[0] ) && is_file( $path ) ) {
				$best = array( $longer, $path );
			}
		}
		if ( null !== $best ) {
			return $best[1];
		}
		if ( ! is_file( $file ) ) {
			throw new PermanentJobError( __( 'The image file of this attachment is missing.', 'iacp' ), 'image_missing' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
		return $file;
	}
}
