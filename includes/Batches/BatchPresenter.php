<?php
/**
 * The one representation of a batch and of its items (REST, WP-CLI): counts, tokens from the usage ledger's rows of
 * its jobs, and the time left from the last five minutes' throughput.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Batches;

final class BatchPresenter {

	/** Seconds of recent throughput the estimate is made from. */
	private const ETA_WINDOW = 300;

	public function __construct(
		private readonly BatchItemRepository $items,
		private readonly \IACP\Jobs\JobRepository $jobs
	) {}

	/**
	 * @return array<string, mixed>
	 */
	public function batch( Batch $batch ): array {
		$counts  = $this->items->counts( $batch->id );
		$planned = array_sum( $counts );
		$user    = get_userdata( $batch->user_id );
		return array(
			'id'            => $batch->id,
			'action'        => $batch->action,
			'action_label'  => BatchAction::label( $batch->action ),
			'mode'          => $batch->mode,
			'status'        => $batch->status,
			'pause_reason'  => BatchStatus::PAUSED === $batch->status ? $batch->pause_reason : null,
			'pause_message' => $this->pause_message( $batch ),
			'user'          => array(
				'id'   => $batch->user_id,
				'name' => $user instanceof \WP_User ? $user->display_name : '',
			),
			'source'        => array( 'post_type' => $batch->post_type ),
			'counts'        => array(
				'total'   => max( $batch->total, $planned ),
				'planned' => $planned,
			) + $counts,
			'tokens'        => $this->items->tokens( $batch->id ),
			'eta_seconds'   => $this->eta( $batch, $counts ),
			'created_at'    => gmdate( 'c', $batch->created_at ),
			'updated_at'    => gmdate( 'c', $batch->updated_at ),
		);
	}

	private function pause_message( Batch $batch ): ?string {
		if ( BatchStatus::PAUSED !== $batch->status ) {
			return null;
		}
		if ( BatchStatus::PAUSE_BUDGET === $batch->pause_reason && null !== $batch->resume_at ) {
			/* translators: %s: time of day, UTC. */
			return sprintf( __( 'Paused: daily budget reached, resumes at %s UTC', 'iacp' ), gmdate( 'H:i', $batch->resume_at ) );
		}
		if ( BatchStatus::PAUSE_ERROR === $batch->pause_reason ) {
			return __( 'Paused: the job that drives this batch stopped (it failed or was cancelled; its log is in AI Jobs). Resume to go on.', 'iacp' );
		}
		return __( 'Paused by a user.', 'iacp' );
	}

	/**
	 * @param array<string, int> $counts Items per status.
	 */
	private function eta( Batch $batch, array $counts ): ?int {
		if ( ! in_array( $batch->status, BatchStatus::ACTIVE, true ) ) {
			return null;
		}
		$left   = max( 0, $batch->total - array_sum( $counts ) ) + $counts[ BatchStatus::ITEM_WAITING ] + $counts[ BatchStatus::ITEM_RUNNING ];
		$window = min( self::ETA_WINDOW, max( 1, time() - $batch->created_at ) );
		$done   = $this->items->finished_since( $batch->id, time() - $window );
		if ( 0 === $left ) {
			return 0;
		}
		return 0 === $done ? null : (int) ceil( $left * $window / $done );
	}

	/**
	 * @param array<string, mixed> $row An item row.
	 * @return array<string, mixed>
	 */
	public function item( Batch $batch, array $row ): array {
		$id     = (int) $row['object_id'];
		$post   = get_post( $id );
		$status = BatchStatus::ITEM_APPLYING === $row['status'] ? BatchStatus::ITEM_REVIEW : (string) $row['status'];
		$job    = null === $row['job_id'] ? null : $this->jobs->find( (int) $row['job_id'] );
		return array(
			'id'          => (int) $row['id'],
			'object_type' => 'attachment' === $batch->post_type ? 'attachment' : 'post',
			'object_id'   => $id,
			'title'       => null === $post ? '' : html_entity_decode( get_the_title( $post ), ENT_QUOTES, 'UTF-8' ),
			'edit_link'   => null !== $post && current_user_can( 'edit_post', $id ) ? get_edit_post_link( $id, 'raw' ) : null,
			'thumbnail'   => $this->thumbnail( $post ),
			'status'      => $status,
			'job_id'      => $job?->public_id,
			'before'      => null === $row['before_value'] ? null : (string) $row['before_value'],
			'after'       => null === $row['after_value'] ? null : (string) $row['after_value'],
			'note'        => null === $row['note'] || '' === $row['note'] ? null : (string) $row['note'],
			'error'       => null === $row['error'] ? null : (string) $row['error'],
		);
	}

	private function thumbnail( ?\WP_Post $post ): ?string {
		if ( null === $post ) {
			return null;
		}
		$url = 'attachment' === $post->post_type ? wp_get_attachment_image_url( $post->ID, 'thumbnail' ) : get_the_post_thumbnail_url( $post, 'thumbnail' );
		return is_string( $url ) && '' !== $url ? $url : null;
	}
}
