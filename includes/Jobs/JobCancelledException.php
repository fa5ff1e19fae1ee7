<?php
/**
 * Thrown from JobContext::heartbeat() when someone asked to cancel the running job; the runner ends it `cancelled`.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

final class JobCancelledException extends \RuntimeException {}
