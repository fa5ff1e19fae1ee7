<?php
/**
 * The one validation of "start a batch" that REST, WP-CLI and the list-screen bulk actions all pass through: every
 * refusal is a 400 naming the field, and nothing is stored before all of it passed.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Batches;

final class BatchRequest {

	/** Most IDs one request may name (larger sets are started by filter). */
	public const MAX_POST_IDS = 1000;

	/**
	 * @param array<string, mixed> $params action, mode, post_ids | filter, replace, limit (most items).
	 * @return array{action: string, mode: string, post_type: string, spec: array<string, mixed>, replace: bool}|\WP_Error
	 */
	public static function validate( array $params ): array|\WP_Error {
		$action = $params['action'] ?? null;
		if ( ! is_string( $action ) || ! in_array( $action, BatchAction::ALL, true ) ) {
			/* translators: %s: list of actions. */
			return self::invalid( 'action', sprintf( __( 'action must be one of: %s.', 'iacp' ), implode( ', ', BatchAction::ALL ) ) );
		}
		$mode = $params['mode'] ?? 'apply';
		if ( ! in_array( $mode, array( 'apply', 'review' ), true ) ) {
			return self::invalid( 'mode', __( 'mode must be apply or review.', 'iacp' ) );
		}
		$replace = $params['replace'] ?? false;
		if ( ! is_bool( $replace ) ) {
			return self::invalid( 'replace', __( 'replace must be true or false.', 'iacp' ) );
		}
		$has_ids    = array_key_exists( 'post_ids', $params ) && null !== $params['post_ids'];
		$has_filter = array_key_exists( 'filter', $params ) && null !== $params['filter'];
		if ( $has_ids === $has_filter ) {
			return self::invalid( $has_ids ? 'filter' : 'post_ids', __( 'Send exactly one of post_ids or filter.', 'iacp' ) );
		}
		$limit = $params['limit'] ?? null;
		if ( null !== $limit && ( ! is_int( $limit ) || $limit < 1 || $limit > 1000000 ) ) {
			return self::invalid( 'limit', __( 'limit must be a whole number from 1 to 1,000,000.', 'iacp' ) );
		}
		$target = $has_ids ? self::ids( $params['post_ids'], $action ) : self::filter( $params['filter'], $action );
		if ( is_wp_error( $target ) ) {
			return $target;
		}
		if ( null !== $limit ) {
			$target['spec']['limit'] = $limit;
		}
		return array(
			'action'    => $action,
			'mode'      => (string) $mode,
			'post_type' => $target['post_type'],
			'spec'      => $target['spec'],
			'replace'   => $replace,
		);
	}

	/**
	 * @return array{post_type: string, spec: array<string, mixed>}|\WP_Error
	 */
	private static function ids( mixed $ids, string $action ): array|\WP_Error {
		if ( ! is_array( $ids ) || array() === $ids || count( $ids ) > self::MAX_POST_IDS || ! array_is_list( $ids ) ) {
			/* translators: %d: most IDs. */
			return self::invalid( 'post_ids', sprintf( __( 'post_ids must be a list of 1 to %d post IDs.', 'iacp' ), self::MAX_POST_IDS ) );
		}
		$clean = array();
		$type  = null;
		foreach ( $ids as $id ) {
			if ( ! is_int( $id ) && ! ( is_string( $id ) && ctype_digit( $id ) ) ) {
				return self::invalid( 'post_ids', __( 'post_ids must hold positive integers.', 'iacp' ) );
			}
			$post = get_post( (int) $id );
			if ( null === $post ) {
				/* translators: %d: post ID. */
				return self::invalid( 'post_ids', sprintf( __( 'Post %d does not exist.', 'iacp' ), (int) $id ) );
			}
			if ( null !== $type && $post->post_type !== $type ) {
				return self::invalid( 'post_ids', __( 'All posts of a batch must be of one post type.', 'iacp' ) );
			}
			$type    = $post->post_type;
			$clean[] = (int) $id;
		}
		$type = (string) $type;
		if ( ! BatchAction::fits_post_type( $action, $type ) ) {
			return self::unsupported( 'post_ids', $action, $type );
		}
		$clean = array_values( array_unique( $clean ) );
		sort( $clean );
		return array(
			'post_type' => $type,
			'spec'      => array( 'post_ids' => $clean ),
		);
	}

	/**
	 * @return array{post_type: string, spec: array<string, mixed>}|\WP_Error
	 */
	private static function filter( mixed $filter, string $action ): array|\WP_Error {
		if ( ! is_array( $filter ) || array_is_list( $filter ) && array() !== $filter ) {
			return self::invalid( 'filter', __( 'filter must be an object.', 'iacp' ) );
		}
		$unknown = array_diff( array_keys( $filter ), array( 'post_type', 'status', 'category', 'author', 'search', 'missing' ) );
		if ( array() !== $unknown ) {
			/* translators: %s: a filter key. */
			return self::invalid( 'filter.' . (string) reset( $unknown ), sprintf( __( 'Unknown filter: %s.', 'iacp' ), (string) reset( $unknown ) ) );
		}
		$type = $filter['post_type'] ?? ( BatchAction::ALT_TEXT === $action ? 'attachment' : null );
		if ( ! is_string( $type ) || ! post_type_exists( $type ) ) {
			return self::invalid( 'filter.post_type', __( 'filter.post_type must name a post type.', 'iacp' ) );
		}
		if ( ! BatchAction::fits_post_type( $action, $type ) ) {
			return self::unsupported( 'filter.post_type', $action, $type );
		}
		$clean = array( 'post_type' => $type );
		if ( isset( $filter['status'] ) ) {
			if ( ! is_string( $filter['status'] ) || ( 'any' !== $filter['status'] && null === get_post_status_object( $filter['status'] ) ) ) {
				return self::invalid( 'filter.status', __( 'filter.status must name a post status.', 'iacp' ) );
			}
			$clean['status'] = $filter['status'];
		}
		foreach ( array( 'category', 'author' ) as $key ) {
			if ( ! isset( $filter[ $key ] ) ) {
				continue;
			}
			if ( ! is_int( $filter[ $key ] ) || $filter[ $key ] < 1 ) {
				/* translators: %s: filter key. */
				return self::invalid( 'filter.' . $key, sprintf( __( 'filter.%s must be a positive integer.', 'iacp' ), $key ) );
			}
			$clean[ $key ] = $filter[ $key ];
		}
		if ( isset( $clean['category'] ) && ! term_exists( $clean['category'], 'category' ) ) {
			return self::invalid( 'filter.category', __( 'filter.category must be a category ID.', 'iacp' ) );
		}
		if ( isset( $filter['search'] ) ) {
			if ( ! is_string( $filter['search'] ) || mb_strlen( $filter['search'] ) > 200 ) {
				return self::invalid( 'filter.search', __( 'filter.search must be text of at most 200 characters.', 'iacp' ) );
			}
			$clean['search'] = $filter['search'];
		}
		if ( isset( $filter['missing'] ) ) {
			if ( ! is_bool( $filter['missing'] ) ) {
				return self::invalid( 'filter.missing', __( 'filter.missing must be true or false.', 'iacp' ) );
			}
			$clean['missing'] = $filter['missing'];
		}
		return array(
			'post_type' => $type,
			'spec'      => array( 'filter' => $clean ),
		);
	}

	private static function unsupported( string $field, string $action, string $type ): \WP_Error {
		/* translators: 1: batch action, 2: post type. */
		return self::invalid( $field, sprintf( __( 'The action %1$s does not apply to the post type %2$s.', 'iacp' ), $action, $type ) );
	}

	public static function invalid( string $field, string $message ): \WP_Error {
		return new \WP_Error(
			'iacp_invalid_param',
			$message,
			array(
				'status' => 400,
				'field'  => $field,
			)
		);
	}
}
