<?php
/**
 * Turns how an item's job ended into the item's state: done, waiting for review, skipped (a newer human edit, a
 * deleted post, an owner who may no longer edit it) or failed; a cancelled job gives the item back to waiting.
 * Tokens come from the usage ledger's rows of that job.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Batches;

use IACP\Jobs\Job;
use IACP\Jobs\JobStatus;
use IACP\Usage\UsageLedger;

final class BatchItemOutcome {

	/** Job error codes that mean "this object cannot be worked on", not "the AI failed". */
	private const SKIP_CODES = array(
		'post_not_found'         => 'deleted',
		'owner_cannot_edit_post' => 'forbidden',
	);

	public function __construct(
		private readonly BatchItemRepository $items,
		private readonly UsageLedger $ledger
	) {}

	/**
	 * Settles a running item whose job ended (or vanished). False when someone else settled it first.
	 *
	 * @param array<string, mixed> $item The item row.
	 */
	public function settle( array $item, ?Job $job, Batch $batch ): bool {
		if ( null !== $job && ! $job->is_finished() ) {
			return false;
		}
		if ( null !== $job && JobStatus::CANCELLED === $job->status ) {
			// Taken back by a pause or cancel: waits for a fresh job (a new idempotency key) when the batch goes on.
			return $this->items->transition(
				(int) $item['id'],
				array( BatchStatus::ITEM_RUNNING ),
				array(
					'status'   => BatchStatus::ITEM_WAITING,
					'job_id'   => null,
					'attempts' => (int) $item['attempts'] + 1,
				)
			);
		}
		$changes = array(
			'finished_at' => time(),
			'tokens'      => (int) $item['tokens'] + ( null === $job ? 0 : $this->tokens( $job->id ) ),
		) + $this->state( $item, $job, $batch );
		return $this->items->transition( (int) $item['id'], array( BatchStatus::ITEM_RUNNING ), $changes );
	}

	/**
	 * @param array<string, mixed> $item The item row.
	 * @return array<string, int|string|null>
	 */
	private function state( array $item, ?Job $job, Batch $batch ): array {
		if ( null === $job ) {
			return array(
				'status' => BatchStatus::ITEM_FAILED,
				'error'  => __( 'The item\'s job is gone.', 'iacp' ),
			);
		}
		if ( JobStatus::COMPLETED !== $job->status ) {
			$gone = null === get_post( (int) $item['object_id'] );
			$note = $gone ? 'deleted' : ( self::SKIP_CODES[ (string) $job->error_code ] ?? null );
			if ( null !== $note ) {
				return array(
					'status' => BatchStatus::ITEM_SKIPPED,
					'note'   => $note,
				);
			}
			return array(
				'status' => BatchStatus::ITEM_FAILED,
				'error'  => (string) ( $job->error_message ?? __( 'The job did not finish.', 'iacp' ) ),
			);
		}
		$result = (array) $job->result;
		$before = $result['before'] ?? $result['original'] ?? $item['before_value'];
		$after  = $result['after'] ?? $result['suggestion'] ?? null;
		if ( isset( $result['featured_id'] ) && null === $after ) {
			$after = (string) wp_get_attachment_url( (int) $result['featured_id'] );
		}
		$values = array(
			'before_value' => is_scalar( $before ) ? (string) $before : null,
			'after_value'  => is_scalar( $after ) ? (string) $after : null,
		);
		$skip   = $this->skip_note( $result, $batch );
		if ( null !== $skip ) {
			return $values + array(
				'status' => BatchStatus::ITEM_SKIPPED,
				'note'   => $skip,
			);
		}
		return $values + array( 'status' => $batch->is_review() ? BatchStatus::ITEM_REVIEW : BatchStatus::ITEM_DONE );
	}

	/**
	 * Why a completed job wrote (or proposed) nothing: a newer human edit (post_field's `applied: false`), a value a
	 * person already set (`note`, e.g. has_featured_image, has_alt_text), or no proposal at all in review mode.
	 *
	 * @param array<string, mixed> $result The job's result.
	 */
	private function skip_note( array $result, Batch $batch ): ?string {
		$note = isset( $result['note'] ) && is_string( $result['note'] ) ? $result['note'] : null;
		if ( $batch->is_review() ) {
			return isset( $result['after'] ) ? null : ( $note ?? 'no_result' );
		}
		if ( isset( $result['applied'] ) && false === $result['applied'] ) {
			return (string) ( $result['reason'] ?? $note ?? 'newer_edit' );
		}
		if ( array_key_exists( 'featured_id', $result ) && null === $result['featured_id'] ) {
			return $note ?? 'not_set';
		}
		return ! empty( $result['skipped'] ) ? ( $note ?? 'skipped' ) : null;
	}

	private function tokens( int $job_id ): int {
		$tokens = 0;
		foreach ( $this->ledger->entries_for_job( $job_id ) as $row ) {
			if ( UsageLedger::TOKENS === $row['kind'] ) {
				$tokens += (int) $row['prompt_tokens'] + (int) $row['completion_tokens'];
			}
		}
		return $tokens;
	}
}
