<?php
/**
 * The states of a batch and of its items, as stored and as REST shows them.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Batches;

final class BatchStatus {

	public const PLANNING  = 'planning';
	public const RUNNING   = 'running';
	public const PAUSED    = 'paused';
	public const CANCELLED = 'cancelled';
	public const COMPLETED = 'completed';

	public const ALL = array( self::PLANNING, self::RUNNING, self::PAUSED, self::CANCELLED, self::COMPLETED );

	/** A batch in one of these may still dispatch work. */
	public const ACTIVE = array( self::PLANNING, self::RUNNING );

	public const PAUSE_USER   = 'user';
	public const PAUSE_BUDGET = 'budget';
	public const PAUSE_ERROR  = 'error'; // The step job driving the batch ended for good (attempts spent, cancelled).

	public const ITEM_WAITING  = 'waiting';
	public const ITEM_RUNNING  = 'running';
	public const ITEM_DONE     = 'done';
	public const ITEM_FAILED   = 'failed';
	public const ITEM_SKIPPED  = 'skipped';
	public const ITEM_REVIEW   = 'review';
	public const ITEM_ACCEPTED = 'accepted';
	public const ITEM_REJECTED = 'rejected';

	/** Set while an accept applies the item, so a second accept of the same item finds nothing to do. */
	public const ITEM_APPLYING = 'applying';

	public const ITEM_ALL = array( self::ITEM_WAITING, self::ITEM_RUNNING, self::ITEM_DONE, self::ITEM_FAILED, self::ITEM_SKIPPED, self::ITEM_REVIEW, self::ITEM_ACCEPTED, self::ITEM_REJECTED );
}
