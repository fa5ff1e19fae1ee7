<?php
/**
 * Which fields of a post a `post_field` job may refine: the title and excerpt where the post type supports them,
 * and meta keys a developer opts in (the `iacp_post_field_meta_keys` filter) that are registered for the post type
 * with `show_in_rest`, as a single string, on a type that supports custom fields — the fields the REST API (and so
 * the editor) can show and save. The one place the job type, its enqueue check and the editor's AI panel ask.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\JobTypes;

use WP_Error;

final class PostFields {

	/** The prefix of a meta field's name: `meta:<key>`. */
	public const META_PREFIX = 'meta:';

	/**
	 * Every field jobs may refine on posts of a type, in the order the editor offers them.
	 *
	 * @return list<array{field: string, label: string}>
	 */
	public function for_post_type( string $post_type ): array {
		$fields = array();
		if ( post_type_supports( $post_type, 'title' ) ) {
			$fields[] = array(
				'field' => 'title',
				'label' => __( 'Title', 'iacp' ),
			);
		}
		if ( post_type_supports( $post_type, 'excerpt' ) ) {
			$fields[] = array(
				'field' => 'excerpt',
				'label' => __( 'Excerpt', 'iacp' ),
			);
		}
		foreach ( $this->meta_keys( $post_type ) as $key => $label ) {
			$fields[] = array(
				'field' => self::META_PREFIX . $key,
				'label' => $label,
			);
		}
		return $fields;
	}

	/**
	 * Whether a field may be refined on posts of a type.
	 */
	public function is_refinable( string $post_type, string $field ): bool {
		return in_array( $field, array_column( $this->for_post_type( $post_type ), 'field' ), true );
	}

	/**
	 * Whether a job may refine this field of this post: the field is refinable there, and for meta the user (when
	 * one is named: the job's owner) passes the key's own edit check (its `auth_callback`), as the REST API would.
	 */
	public function check( int $post_id, string $field, ?int $user_id ): true|WP_Error {
		$post = get_post( $post_id );
		if ( null === $post || ! $this->is_refinable( $post->post_type, $field ) ) {
			return new WP_Error(
				'iacp_field_not_refinable',
				/* translators: 1: field name, 2: post type. */
				sprintf( __( 'AI jobs cannot refine the field "%1$s" of a %2$s.', 'iacp' ), $field, null === $post ? __( 'missing post', 'iacp' ) : $post->post_type ),
				array(
					'status' => 400,
					'field'  => 'input.field',
				)
			);
		}
		if ( null !== $user_id && str_starts_with( $field, self::META_PREFIX ) && ! user_can( $user_id, 'edit_post_meta', $post_id, substr( $field, strlen( self::META_PREFIX ) ) ) ) {
			return new WP_Error( 'iacp_forbidden_field', __( 'You are not allowed to edit this field.', 'iacp' ), array( 'status' => rest_authorization_required_code() ) );
		}
		return true;
	}

	/**
	 * Opted-in meta keys that posts of this type expose in REST as one string, with their label.
	 *
	 * @return array<string, string> Key => label.
	 */
	private function meta_keys( string $post_type ): array {
		if ( ! post_type_supports( $post_type, 'custom-fields' ) ) {
			return array();
		}
		$registered = array_merge( get_registered_meta_keys( 'post', '' ), get_registered_meta_keys( 'post', $post_type ) );
		$keys       = array();
		foreach ( PostFieldJobHandler::allowed_meta_keys() as $key ) {
			$args = $registered[ $key ] ?? null;
			if ( ! is_array( $args ) || empty( $args['show_in_rest'] ) || 'string' !== ( $args['type'] ?? '' ) || empty( $args['single'] ) ) {
				continue;
			}
			$label        = is_string( $args['label'] ?? null ) && '' !== $args['label'] ? $args['label'] : '';
			$keys[ $key ] = '' !== $label ? $label : ( is_string( $args['description'] ?? null ) && '' !== $args['description'] ? $args['description'] : $key );
		}
		return $keys;
	}
}
