<?php
/**
 * A job type that names the capability needed to start (and retry) its jobs. Types that do not declare one need
 * iacp_generate_text. The `iacp_job_type_capability` filter can still change the answer per site.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

interface DeclaresCapability {

	/**
	 * The capability a user needs to start a job of this type, e.g. iacp_generate_images.
	 */
	public function capability(): string;
}
