<?php
/**
 * Registers the built-in job types (text, image, post_field, alt_text) and their housekeeping hooks.
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
		private readonly ImageFiles $image_files,
		private readonly AltTextJobHandler $alt_text
	) {}

	public function register(): void {
		add_action( 'iacp_register_job_types', array( $this, 'register_types' ) );
		add_action( 'iacp_purge_jobs', array( $this->image_files, 'purge' ), 10, 0 );
		add_action( ImageFiles::DELETE_HOOK, array( $this->image_files, 'delete_folder' ), 10, 1 );
	}

	public function register_types( JobTypeRegistry $registry ): void {
		$registry->register( TextJobHandler::TYPE, $this->text );
		$registry->register( ImageJobHandler::TYPE, $this->image );
		$registry->register( PostFieldJobHandler::TYPE, $this->post_field );
		$registry->register( AltTextJobHandler::TYPE, $this->alt_text );
	}
}
