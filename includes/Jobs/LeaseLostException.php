<?php
/**
 * Thrown when a worker's lease is no longer its own (expired and taken over): the worker must stop touching the job.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

final class LeaseLostException extends \RuntimeException {}
