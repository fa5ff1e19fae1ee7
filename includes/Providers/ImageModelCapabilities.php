<?php
/**
 * The documented capability table of well-known image models: which sizes each makes, how many images per request
 * and whether it takes `response_format`. Real providers refuse anything else with a 400, so the image dialog and
 * the job's input schema offer and accept only what the chosen model supports. A model the table does not know
 * gets the safe common subset (one 1024x1024 image). The `iacp_image_model_capabilities` filter adds or corrects
 * entries.
 *
 * | model (and its dated snapshots) | sizes | images per job | response_format |
 * | --- | --- | --- | --- |
 * | gpt-image-1, gpt-image-1-mini, gpt-image-1.5, gpt-image-2 | 1024x1024, 1536x1024, 1024x1536 | 1–4 | refused (always base64) |
 * | dall-e-3 | 1024x1024, 1792x1024, 1024x1792 | 1 | url or b64_json |
 * | dall-e-2 | 256x256, 512x512, 1024x1024 | 1–4 | url or b64_json |
 * | iacp-image-1 (the local test AI server) | all seven sizes | 1–4 | url or b64_json |
 * | anything else | 1024x1024 | 1 | tried, dropped if refused |
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

final class ImageModelCapabilities {

	/** Every size the plugin knows, in the order the image dialog lists them. */
	public const ALL_SIZES = array( '256x256', '512x512', '1024x1024', '1536x1024', '1024x1536', '1792x1024', '1024x1792' );

	/** The most images one job may ask for, whatever the model allows per request. */
	public const MAX_COUNT = 4;

	private const GPT_IMAGE = array(
		'sizes'           => array( '1024x1024', '1536x1024', '1024x1536' ),
		'max_count'       => 4,
		'response_format' => false,
	);

	/** @var array<string, array{sizes: list<string>, max_count: int, response_format: bool}> */
	private const TABLE = array(
		'gpt-image-1'      => self::GPT_IMAGE,
		'gpt-image-1-mini' => self::GPT_IMAGE,
		'gpt-image-1.5'    => self::GPT_IMAGE,
		'gpt-image-2'      => self::GPT_IMAGE,
		'dall-e-3'         => array(
			'sizes'           => array( '1024x1024', '1792x1024', '1024x1792' ),
			'max_count'       => 1,
			'response_format' => true,
		),
		'dall-e-2'         => array(
			'sizes'           => array( '256x256', '512x512', '1024x1024' ),
			'max_count'       => 4,
			'response_format' => true,
		),
		'iacp-image-1'     => array(
			'sizes'           => self::ALL_SIZES,
			'max_count'       => 4,
			'response_format' => true,
		),
	);

	/**
	 * What a model can make. The id may carry a vendor prefix (`openai/gpt-image-1`) or a date (`dall-e-3-2023-11`).
	 */
	public static function for_model( string $model ): ImageModelSpec {
		$entry = self::table_entry( $model );
		$known = null !== $entry;
		$entry = $entry ?? array(
			'sizes'           => array( '1024x1024' ),
			'max_count'       => 1,
			'response_format' => null,
		);
		/**
		 * Filters what an image model can make. Return sizes (a subset of 256x256, 512x512, 1024x1024, 1536x1024,
		 * 1024x1536, 1792x1024, 1024x1792), max_count (1–4) and response_format (true, false, or null for "try it").
		 *
		 * @param array{sizes: list<string>, max_count: int, response_format: bool|null} $capabilities From the table.
		 * @param string                                                                   $model        The model id.
		 * @param bool                                                                     $known        Whether the table knows it.
		 */
		$filtered = apply_filters( 'iacp_image_model_capabilities', $entry, $model, $known );
		$filtered = is_array( $filtered ) ? $filtered : $entry;

		$sizes = array_values( array_intersect( self::ALL_SIZES, array_map( 'strval', (array) ( $filtered['sizes'] ?? array() ) ) ) );
		$sizes = array() !== $sizes ? $sizes : array( '1024x1024' );
		$count = max( 1, min( self::MAX_COUNT, (int) ( $filtered['max_count'] ?? 1 ) ) );
		$rf    = $filtered['response_format'] ?? null;
		return new ImageModelSpec( $model, $sizes, $count, is_bool( $rf ) ? $rf : null, $known );
	}

	/**
	 * The table's entry for a model: exact id or a dated snapshot of it, the longest matching name winning.
	 *
	 * @return array{sizes: list<string>, max_count: int, response_format: bool}|null
	 */
	private static function table_entry( string $model ): ?array {
		$id   = strtolower( trim( (string) substr( $model, (int) strrpos( '/' . $model, '/' ) ) ) );
		$best = null;
		foreach ( array_keys( self::TABLE ) as $name ) {
			if ( ( $id === $name || str_starts_with( $id, $name . '-' ) ) && ( null === $best || strlen( $name ) > strlen( $best ) ) ) {
				$best = $name;
			}
		}
		return null === $best ? null : self::TABLE[ $best ];
	}
}
