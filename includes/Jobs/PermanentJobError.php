<?php
/**
 * Thrown by a handler when retrying cannot help (bad key, unknown model, refused content): the job fails at once.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

class PermanentJobError extends \RuntimeException {

	/**
	 * @param string $message    What went wrong, in words a user understands (the job's owner sees it).
	 * @param string $error_code Machine-readable code, stored with the job.
	 * @param string $detail     Technical detail (the provider's own words, a status): job log, managers only.
	 */
	public function __construct( string $message, private readonly string $error_code = 'permanent_error', private readonly string $detail = '' ) {
		parent::__construct( $message );
	}

	public function error_code(): string {
		return $this->error_code;
	}

	public function detail(): string {
		return $this->detail;
	}
}
