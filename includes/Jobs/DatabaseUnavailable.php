<?php
/**
 * Thrown inside a runner when the database connection is gone (the server restarted or went away): not the job's
 * fault, so the runner waits for the server instead of recording a failure. A handler that catches every
 * Throwable must let this one through.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

final class DatabaseUnavailable extends \RuntimeException {}
