<?php
/**
 * Thrown from a heartbeat once the attempt has run past its handler's time_limit(): the job fails with `timeout`.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

final class JobTimeoutException extends \RuntimeException {}
