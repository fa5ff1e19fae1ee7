<?php
/**
 * What a model listed by `GET /v1/models` can do. The OpenAI list says nothing about it, so the id decides: image
 * model families make images, every other model writes text. Filterable for endpoints with other names.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Connectors;

final class EndpointModelKinds {

	/** Id fragments of image generation models. */
	private const IMAGE_PATTERN = '/(^|[\/_.:-])(gpt-image|dall-e|image|flux|stable-diffusion|sdxl|sd3|imagen)/i';

	public static function makes_images( string $model_id ): bool {
		$is_image = 1 === preg_match( self::IMAGE_PATTERN, $model_id );
		/**
		 * Filters whether a model of the "OpenAI-compatible endpoint" connector generates images (else it writes text).
		 *
		 * @param bool   $is_image Whether the id looks like an image model's.
		 * @param string $model_id The id from GET /v1/models.
		 */
		return (bool) apply_filters( 'iacp_connector_model_makes_images', $is_image, $model_id );
	}
}
