<?php
/**
 * Registers the built-in job types (text, image, post_field) and their housekeeping hooks.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\JobTypes;

use IACP\Jobs\JobTypeRegistry;
use IACP\Service;

final class JobTypesService implements Service {

	public function __construct(
		private readonly TextJobHandler $text,
		private readonly ImageJobHandler $image,
		private readonly PostFieldJobHandler $post_field,
		private readonly ImageFiles $image_files
	) {}

	public function register(): void {
		add_action( 'iacp_register_job_types', array( $this, 'register_types' ) );
		add_filter( 'iacp_job_input', array( $this, 'capture_original' ), 10, 3 );
		add_action( 'iacp_purge_jobs', array( $this->image_files, 'purge' ), 10, 0 );
	}

	public function register_types( JobTypeRegistry $registry ): void {
		$registry->register( TextJobHandler::TYPE, $this->text );
		$registry->register( ImageJobHandler::TYPE, $this->image );
		$registry->register( PostFieldJobHandler::TYPE, $this->post_field );
	}

	/**
	 * A post_field job records its field's value at enqueue time (filter `iacp_job_input`, applied by the queue
	 * to validated input just before it is stored).
	 *
	 * @param array<string, mixed> $input   Validated input.
	 * @param string               $type    Job type.
	 * @param int|null             $post_id The job's post.
	 * @return array<string, mixed>
	 */
	public function capture_original( $input, $type = '', $post_id = null ): array {
		$input = is_array( $input ) ? $input : array();
		if ( PostFieldJobHandler::TYPE !== $type ) {
			return $input;
		}
		return $this->post_field->capture_original( $input, null === $post_id ? null : (int) $post_id );
	}
}
