<?php
/**
 * GET /iacp/v1/job-subjects/users and /job-subjects/posts (managers): the people and posts that have jobs, searched
 * by name or title, for the Jobs screen's pickers. `include` resolves ids already chosen (a shared link's filter),
 * a deleted post included, so the picker can name them — never a post the reader may not see jobs of, nor a person
 * without jobs unless the reader may list users.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\REST;

use IACP\Jobs\JobSubjectsRepository;
use IACP\Security\JobAccess;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class JobSubjectsController extends WP_REST_Controller {

	/** Most options one answer carries: a picker shows a short list and narrows it as the user types. */
	public const LIMIT = 20;

	public function __construct(
		private readonly JobSubjectsRepository $repository,
		private readonly JobAccess $access
	) {
		$this->namespace = Routes::NAMESPACE;
		$this->rest_base = 'job-subjects';
	}

	public function register_routes(): void {
		foreach ( array(
			'users' => 'get_users',
			'posts' => 'get_posts',
		) as $route => $callback ) {
			register_rest_route(
				$this->namespace,
				'/' . $this->rest_base . '/' . $route,
				array(
					array(
						'methods'             => WP_REST_Server::READABLE,
						'callback'            => array( $this, $callback ),
						'permission_callback' => array( $this, 'get_items_permissions_check' ),
						'args'                => $this->get_collection_params(),
					),
					'schema' => array( $this, 'get_public_item_schema' ),
				)
			);
		}
	}

	/**
	 * @return array<string, array<string, mixed>>
	 */
	public function get_collection_params(): array {
		return array(
			'search'  => array(
				'description' => __( 'Part of a name, login, email, title, or a post id.', 'iacp' ),
				'type'        => 'string',
				'maxLength'   => 200,
				'default'     => '',
			),
			'include' => array(
				'description' => __( 'Ids to name whether or not they match the search.', 'iacp' ),
				'type'        => 'array',
				'items'       => array(
					'type'    => 'integer',
					'minimum' => 1,
				),
				'maxItems'    => self::LIMIT,
				'default'     => array(),
			),
		);
	}

	/**
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		return array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'iacp-job-subject',
			'type'       => 'object',
			'properties' => array(
				'id'    => array(
					'type'     => 'integer',
					'context'  => array( 'view' ),
					'readonly' => true,
				),
				'label' => array(
					'type'     => 'string',
					'context'  => array( 'view' ),
					'readonly' => true,
				),
			),
		);
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function get_items_permissions_check( $request ): true|WP_Error {
		return Permission::check( $this->access->can_manage(), __( 'You are not allowed to see everyone’s AI jobs.', 'iacp' ) );
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function get_users( WP_REST_Request $request ): WP_REST_Response {
		$options = array();
		// Only people who have jobs are named, unless the reader may list every user anyway.
		$ids = current_user_can( 'list_users' ) ? $this->ids( $request ) : $this->repository->owners_among( $this->ids( $request ) );
		foreach ( $ids as $id ) {
			$user           = get_userdata( $id );
			$options[ $id ] = false === $user ? __( '(deleted user)', 'iacp' ) : $user->display_name;
		}
		foreach ( $this->repository->owners( trim( (string) $request['search'] ), self::LIMIT ) as $owner ) {
			$options[ $owner['id'] ] ??= $owner['name'];
		}
		return $this->answer( $options );
	}

	/**
	 * Posts the manager may see jobs of: those they may edit, and deleted ones asked for by id.
	 *
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function get_posts( WP_REST_Request $request ): WP_REST_Response {
		$included = $this->ids( $request );
		$found    = $this->repository->post_ids( trim( (string) $request['search'] ), self::LIMIT * 2 );
		_prime_post_caches( array_merge( $included, $found ), false, false );
		$options = array();
		foreach ( array_merge( $included, $found ) as $id ) {
			if ( count( $options ) >= self::LIMIT + count( $included ) ) {
				break;
			}
			if ( ! isset( $options[ $id ] ) && $this->access->can_see_jobs_of_post( $id ) ) {
				$options[ $id ] = $this->post_label( $id );
			}
		}
		return $this->answer( $options );
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 * @return list<int>
	 */
	private function ids( WP_REST_Request $request ): array {
		return array_values( array_unique( array_map( 'intval', (array) $request['include'] ) ) );
	}

	private function post_label( int $id ): string {
		$post = get_post( $id );
		if ( null === $post ) {
			/* translators: %d: post id. */
			return sprintf( __( '(deleted post %d)', 'iacp' ), $id );
		}
		$title = html_entity_decode( wp_strip_all_tags( get_the_title( $post ) ), ENT_QUOTES, get_bloginfo( 'charset' ) );
		$title = '' !== $title ? $title : __( '(no title)', 'iacp' );
		$type  = get_post_type_object( $post->post_type );
		/* translators: 1: post title, 2: post type name, like Page. */
		return 'post' === $post->post_type || null === $type ? $title : sprintf( __( '%1$s (%2$s)', 'iacp' ), $title, $type->labels->singular_name );
	}

	/**
	 * @param array<int, string> $options Id => label.
	 */
	private function answer( array $options ): WP_REST_Response {
		$items = array();
		foreach ( $options as $id => $label ) {
			$items[] = array(
				'id'    => (int) $id,
				'label' => $label,
			);
		}
		return rest_ensure_response( $items );
	}
}
