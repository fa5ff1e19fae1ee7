<?php
/**
 * Which objects a batch covers: its filter (or ID list) turned into keyset pages of IDs, narrowed to what the
 * batch's owner may edit. No page holds more than a chunk of IDs, whatever the batch's size.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Batches;

final class BatchTargets {

	/** Query var carrying the keyset cursor into posts_where. */
	private const AFTER_VAR = 'iacp_after_id';

	/** Query var asking for an empty excerpt or title. */
	private const EMPTY_VAR = 'iacp_empty_field';

	public function register(): void {
		add_filter( 'posts_where', array( $this, 'where' ), 10, 2 );
	}

	/**
	 * Adds the cursor and the empty-field test to this class's own queries only.
	 *
	 * @param string    $where SQL.
	 * @param \WP_Query $query Query.
	 */
	public function where( $where, $query ): string {
		global $wpdb;
		$where = (string) $where;
		if ( ! $query instanceof \WP_Query ) {
			return $where;
		}
		$after = $query->get( self::AFTER_VAR );
		if ( '' !== $after && null !== $after ) {
			$where .= $wpdb->prepare( " AND {$wpdb->posts}.ID > %d", (int) $after );
		}
		$empty = $query->get( self::EMPTY_VAR );
		if ( 'post_excerpt' === $empty || 'post_title' === $empty ) {
			$where .= " AND {$wpdb->posts}.{$empty} = ''";
		}
		return $where;
	}

	/**
	 * How many objects the batch covers (the total shown while planning).
	 */
	public function count( Batch $batch ): int {
		$args                  = $this->query_args( $batch, 0, 1 );
		$args['no_found_rows'] = false;
		$query                 = new \WP_Query( $args );
		$limit                 = (int) ( $batch->spec['limit'] ?? 0 );
		return $limit > 0 ? min( $limit, (int) $query->found_posts ) : (int) $query->found_posts;
	}

	/**
	 * The next page of IDs after $after, ascending.
	 *
	 * @return list<int>
	 */
	public function next_ids( Batch $batch, int $after, int $limit ): array {
		$query = new \WP_Query( $this->query_args( $batch, $after, $limit ) );
		return array_values( array_map( 'intval', $query->posts ) );
	}

	/**
	 * @return array<string, mixed>
	 */
	private function query_args( Batch $batch, int $after, int $limit ): array {
		$args = array(
			'post_type'              => $batch->post_type,
			'fields'                 => 'ids',
			'orderby'                => 'ID',
			'order'                  => 'ASC',
			'posts_per_page'         => $limit,
			'no_found_rows'          => true,
			'suppress_filters'       => false,
			'ignore_sticky_posts'    => true,
			'update_post_meta_cache' => false,
			'update_post_term_cache' => false,
			'cache_results'          => false,
			'perm'                   => '',
			self::AFTER_VAR          => $after,
		);
		$spec = $batch->spec;
		if ( isset( $spec['post_ids'] ) ) {
			$ids                 = array_map( 'intval', (array) $spec['post_ids'] );
			$args['post__in']    = array() === $ids ? array( 0 ) : $ids;
			$args['post_status'] = 'any';
		} else {
			$filter              = (array) ( $spec['filter'] ?? array() );
			$args['post_status'] = isset( $filter['status'] ) ? (string) $filter['status'] : ( 'attachment' === $batch->post_type ? 'inherit' : 'any' );
			if ( isset( $filter['category'] ) ) {
				$args['cat'] = (int) $filter['category'];
			}
			if ( isset( $filter['author'] ) ) {
				$args['author'] = (int) $filter['author'];
			}
			if ( isset( $filter['search'] ) && '' !== $filter['search'] ) {
				$args['s'] = (string) $filter['search'];
			}
			if ( ! empty( $filter['missing'] ) ) {
				$args = $this->missing( $batch->action, $args );
			}
		}
		if ( BatchAction::ALT_TEXT === $batch->action ) {
			$args['post_mime_type'] = 'image';
		}
		return $this->owner_only( $batch, $args );
	}

	/**
	 * "Missing": only objects whose target field is empty.
	 *
	 * @param array<string, mixed> $args Query args.
	 * @return array<string, mixed>
	 */
	private function missing( string $action, array $args ): array {
		if ( BatchAction::EXCERPT === $action || BatchAction::TITLE === $action ) {
			$args[ self::EMPTY_VAR ] = BatchAction::EXCERPT === $action ? 'post_excerpt' : 'post_title';
			return $args;
		}
		$key                = BatchAction::ALT_TEXT === $action ? '_wp_attachment_image_alt' : '_thumbnail_id';
		$args['meta_query'] = array( // phpcs:ignore WordPress.DB.SlowDBQuery.slow_db_query_meta_query -- "missing" is a meta test by nature; keyset paged.
			'relation' => 'OR',
			array(
				'key'     => $key,
				'compare' => 'NOT EXISTS',
			),
			array(
				'key'   => $key,
				'value' => '',
			),
		);
		return $args;
	}

	/**
	 * An owner who may not edit others' objects of the type gets only their own ("all posts" of an author is the
	 * author's posts). Each item is checked again with edit_post when its job is queued and when it writes.
	 *
	 * @param array<string, mixed> $args Query args.
	 * @return array<string, mixed>
	 */
	private function owner_only( Batch $batch, array $args ): array {
		$type = get_post_type_object( $batch->post_type );
		$cap  = null === $type ? 'edit_others_posts' : (string) $type->cap->edit_others_posts;
		if ( user_can( $batch->user_id, $cap ) ) {
			return $args;
		}
		if ( isset( $args['author'] ) && (int) $args['author'] !== $batch->user_id ) {
			$args['post__in'] = array( 0 );
		}
		$args['author'] = $batch->user_id;
		return $args;
	}
}
