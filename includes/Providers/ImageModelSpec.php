<?php
/**
 * What one image model can make: its sizes, how many images one job may ask for, and whether its API takes
 * `response_format` (null: not known, so it is sent and dropped if the provider refuses it).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

final class ImageModelSpec {

	/**
	 * @param string       $model       The model id as configured.
	 * @param list<string> $sizes       Sizes it makes ("1024x1024"), in the order to offer them.
	 * @param int          $max_count   Most images one job may ask for (1–4).
	 * @param bool|null    $response_format Whether the API accepts `response_format`; null when unknown.
	 * @param bool         $known       Whether the capability table knows the model (else: the safe common subset).
	 */
	public function __construct(
		public readonly string $model,
		public readonly array $sizes,
		public readonly int $max_count,
		public readonly ?bool $response_format,
		public readonly bool $known
	) {}

	public function supports_size( string $size ): bool {
		return in_array( $size, $this->sizes, true );
	}

	/**
	 * The size a job gets when it names none: 1024x1024, which every known model makes, else the first offered.
	 */
	public function default_size(): string {
		return $this->supports_size( '1024x1024' ) ? '1024x1024' : ( $this->sizes[0] ?? '1024x1024' );
	}
}
