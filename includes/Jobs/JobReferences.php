<?php
/**
 * The person and the post a job names, as the reader may see them: the owner's display name, and the post's title
 * (only if the reader may read the post), its edit link (only if they may edit it), or that it was deleted.
 * A page of jobs is resolved with one query for its users and one for its posts, never one per job.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Jobs;

final class JobReferences {

	/**
	 * Loads every user and post a page of jobs names into WordPress's caches, in one query each.
	 *
	 * @param list<Job> $jobs Jobs about to be shown.
	 */
	public function prime( array $jobs ): void {
		$users = array_values( array_unique( array_filter( array_map( static fn( Job $job ): int => $job->user_id, $jobs ) ) ) );
		$posts = array_values( array_unique( array_filter( array_map( static fn( Job $job ): int => (int) $job->post_id, $jobs ) ) ) );
		if ( array() !== $users ) {
			cache_users( $users );
		}
		if ( array() !== $posts ) {
			_prime_post_caches( $posts, false, false );
		}
	}

	/**
	 * The `user` and `post` fields of a job's REST representation.
	 *
	 * @return array{user: array{id: int, name: string}|null, post: array{id: int, title: string|null, edit_link: string|null, deleted: bool}|null}
	 */
	public function for_job( Job $job ): array {
		return array(
			'user' => $this->user( $job->user_id ),
			'post' => null === $job->post_id ? null : $this->post( $job->post_id ),
		);
	}

	/**
	 * @return array{id: int, name: string}|null
	 */
	private function user( int $user_id ): ?array {
		$user = $user_id > 0 ? get_userdata( $user_id ) : false;
		if ( false === $user ) {
			return $user_id > 0 ? array(
				'id'   => $user_id,
				'name' => __( '(deleted user)', 'iacp' ),
			) : null;
		}
		return array(
			'id'   => $user_id,
			'name' => '' !== $user->display_name ? $user->display_name : $user->user_login,
		);
	}

	/**
	 * @return array{id: int, title: string|null, edit_link: string|null, deleted: bool}
	 */
	private function post( int $post_id ): array {
		$post = get_post( $post_id );
		if ( null === $post ) {
			return array(
				'id'        => $post_id,
				'title'     => null,
				'edit_link' => null,
				'deleted'   => true,
			);
		}
		$title = null;
		if ( current_user_can( 'read_post', $post_id ) ) {
			// get_the_title() adds "Private:"/"Protected:" and encodes entities for HTML; the client shows text.
			$title = html_entity_decode( wp_strip_all_tags( get_the_title( $post ) ), ENT_QUOTES, get_bloginfo( 'charset' ) );
		}
		return array(
			'id'        => $post_id,
			'title'     => $title,
			'edit_link' => get_edit_post_link( $post_id, 'raw' ),
			'deleted'   => false,
		);
	}

	/**
	 * JSON Schema of the fields for_job() adds.
	 *
	 * @return array<string, array<string, mixed>>
	 */
	public static function schema(): array {
		$view = array( 'view', 'edit' );
		return array(
			'user' => array(
				'description' => __( 'Who started the job: id and display name.', 'iacp' ),
				'type'        => array( 'object', 'null' ),
				'context'     => $view,
				'readonly'    => true,
				'properties'  => array(
					'id'   => array( 'type' => 'integer' ),
					'name' => array( 'type' => 'string' ),
				),
			),
			'post' => array(
				'description' => __( 'The job’s post: its title when the reader may read it, its edit link when they may edit it, or deleted.', 'iacp' ),
				'type'        => array( 'object', 'null' ),
				'context'     => $view,
				'readonly'    => true,
				'properties'  => array(
					'id'        => array( 'type' => 'integer' ),
					'title'     => array( 'type' => array( 'string', 'null' ) ),
					'edit_link' => array(
						'type'   => array( 'string', 'null' ),
						'format' => 'uri',
					),
					'deleted'   => array( 'type' => 'boolean' ),
				),
			),
		);
	}
}
