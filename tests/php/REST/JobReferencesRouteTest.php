<?php
/**
 * GET /iacp/v1/jobs carries what the Jobs table shows — the owner's display name, the post's title, its edit link
 * or that it was deleted — in a fixed number of queries per page, and only what the reader may see; the pickers'
 * GET /iacp/v1/job-subjects/users|posts are for managers and list only people and posts that have jobs.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\REST;

use IACP\Tests\IntegrationTestCase;
use IACP\Tests\RestTestJobTypes;

final class JobReferencesRouteTest extends IntegrationTestCase {

	protected function setUp(): void {
		parent::setUp();
		RestTestJobTypes::ensure_registered();
	}

	/**
	 * Starts a job as a user, for a post.
	 */
	private function job_of( int $user, ?int $post = null ): string {
		wp_set_current_user( $user );
		$body = array(
			'type'  => RestTestJobTypes::TEXT,
			'input' => array( 'prompt' => 'hello' ),
		);
		if ( null !== $post ) {
			$body['post_id'] = $post;
		}
		$response = $this->rest( 'POST', '/iacp/v1/jobs', $body );
		$this->assertSame( 202, $response->get_status(), (string) wp_json_encode( $response->get_data() ) );
		return (string) $response->get_data()['id'];
	}

	/**
	 * A user with a display name.
	 */
	private function person( string $role, string $name ): int {
		$id = $this->user( $role );
		wp_update_user(
			array(
				'ID'           => $id,
				'display_name' => $name,
			)
		);
		return $id;
	}

	/**
	 * @return array<string, array<string, mixed>> Jobs of the listing, by id.
	 */
	private function listed( array $query = array() ): array {
		$jobs = $this->rest( 'GET', '/iacp/v1/jobs', $query + array( 'per_page' => 100 ) )->get_data();
		return array_column( $jobs, null, 'id' );
	}

	public function test_each_job_names_its_owner_and_its_post_with_an_edit_link(): void {
		$alice = $this->person( 'editor', 'Alice Example' );
		$post  = $this->post( $alice, array( 'post_title' => 'Green tea & home' ) );
		$id    = $this->job_of( $alice, $post );
		wp_set_current_user( $this->user( 'administrator' ) );

		$job = $this->listed()[ $id ];

		$this->assertSame(
			array(
				'id'   => $alice,
				'name' => 'Alice Example',
			),
			$job['user']
		);
		$this->assertSame( $post, $job['post']['id'] );
		$this->assertSame( 'Green tea & home', $job['post']['title'], 'text, not HTML entities' );
		$this->assertStringContainsString( 'post.php?post=' . $post . '&action=edit', (string) $job['post']['edit_link'] );
		$this->assertFalse( $job['post']['deleted'] );
		$this->assertSame( $job['user'], $this->rest( 'GET', '/iacp/v1/jobs/' . $id )->get_data()['user'], 'the single read says the same' );
	}

	public function test_a_deleted_post_is_reported_as_deleted_to_managers_only(): void {
		$author = $this->person( 'author', 'Bo Author' );
		$post   = $this->post( $author );
		$id     = $this->job_of( $author, $post );
		wp_delete_post( $post, true );

		wp_set_current_user( $this->user( 'administrator' ) );
		$job = $this->listed()[ $id ] ?? null;
		$this->assertNotNull( $job, 'managers still see the job of a deleted post' );
		$this->assertSame(
			array(
				'id'        => $post,
				'title'     => null,
				'edit_link' => null,
				'deleted'   => true,
			),
			$job['post']
		);
		$this->assertSame( 200, $this->rest( 'GET', '/iacp/v1/jobs', array( 'post_id' => $post ) )->get_status(), 'and may filter by it' );

		wp_set_current_user( $author );
		$this->assertArrayNotHasKey( $id, $this->listed(), 'owners without the post see no job for it, as before' );
	}

	public function test_a_title_only_when_the_reader_may_read_the_post(): void {
		$editor = $this->person( 'editor', 'Cy Editor' );
		$post   = $this->post( $editor, array( 'post_title' => 'Secret plans' ) );
		$id     = $this->job_of( $editor, $post );
		// A site that lets this reader edit but not read the post (a filter, as some membership plugins add).
		$deny = static fn( array $caps, string $cap, int $user, array $args ): array => 'read_post' === $cap && (int) ( $args[0] ?? 0 ) === $post ? array( 'do_not_allow' ) : $caps;
		add_filter( 'map_meta_cap', $deny, 10, 4 );
		try {
			wp_set_current_user( $editor );
			$job = $this->listed()[ $id ];
		} finally {
			remove_filter( 'map_meta_cap', $deny, 10 );
		}
		$this->assertNull( $job['post']['title'] );
		$this->assertNotNull( $job['post']['edit_link'] );
	}

	public function test_a_non_manager_lists_only_their_own_jobs_whatever_user_they_ask_for(): void {
		$alice = $this->person( 'author', 'Alice' );
		$bob   = $this->person( 'author', 'Bob' );
		$this->job_of( $alice );
		$mine = $this->job_of( $bob );

		wp_set_current_user( $bob );
		$this->assertSame( array( $mine ), array_keys( $this->listed() ) );
		$this->assertSame( array( 'Bob' ), array_values( array_unique( array_column( array_column( $this->listed(), 'user' ), 'name' ) ) ) );
		$this->assertSame( 403, $this->rest( 'GET', '/iacp/v1/jobs', array( 'user' => $alice ) )->get_status() );
	}

	public function test_a_page_costs_the_same_queries_for_2_or_20_jobs_of_different_people_and_posts(): void {
		$admin    = $this->user( 'administrator' );
		$queries  = array();
		$per_size = array();
		foreach ( array( 2, 20 ) as $count ) {
			$this->empty_jobs_table();
			for ( $n = 0; $n < $count; $n++ ) {
				$owner = $this->person( 'editor', "Person {$n}" );
				$this->job_of( $owner, $this->post( $owner, array( 'post_title' => "Post {$n}" ) ) );
			}
			wp_set_current_user( $admin );
			$this->rest( 'GET', '/iacp/v1/jobs' ); // Warms what every request loads once (the reader's roles, options).
			wp_cache_flush();
			global $wpdb;
			$before             = $wpdb->num_queries;
			$listed             = $this->listed();
			$queries[ $count ]  = $wpdb->num_queries - $before;
			$per_size[ $count ] = count( array_filter( array_column( array_column( $listed, 'post' ), 'title' ) ) );
		}
		$this->assertSame(
			array(
				2  => 2,
				20 => 20,
			),
			$per_size,
			'every title present'
		);
		$this->assertSame( $queries[2], $queries[20], 'no query per job: ' . (string) wp_json_encode( $queries ) );
	}

	public function test_the_pickers_are_for_managers(): void {
		wp_set_current_user( 0 );
		$this->assertSame( 401, $this->rest( 'GET', '/iacp/v1/job-subjects/users' )->get_status() );
		wp_set_current_user( $this->user( 'editor' ) );
		$this->assertSame( 403, $this->rest( 'GET', '/iacp/v1/job-subjects/users' )->get_status() );
		$this->assertSame( 403, $this->rest( 'GET', '/iacp/v1/job-subjects/posts' )->get_status() );
	}

	public function test_the_user_picker_finds_people_with_jobs_by_name(): void {
		$zelda = $this->person( 'author', 'Zelda Quill' );
		$this->person( 'author', 'Zelda Nojobs' );
		$this->job_of( $zelda );
		wp_set_current_user( $this->user( 'administrator' ) );

		$found = $this->rest( 'GET', '/iacp/v1/job-subjects/users', array( 'search' => 'zelda' ) )->get_data();

		$this->assertSame(
			array(
				array(
					'id'    => $zelda,
					'label' => 'Zelda Quill',
				),
			),
			$found
		);
		$named = $this->rest(
			'GET',
			'/iacp/v1/job-subjects/users',
			array(
				'search'  => 'nobody-matches',
				'include' => array( $zelda ),
			)
		)->get_data();
		$this->assertSame( array( $zelda ), array_column( $named, 'id' ), 'a chosen id is named whatever the search' );
	}

	public function test_the_post_picker_finds_posts_with_jobs_by_title_and_names_deleted_ones(): void {
		$editor = $this->person( 'editor', 'Ed' );
		$kept   = $this->post( $editor, array( 'post_title' => 'Oolong notes' ) );
		$this->post( $editor, array( 'post_title' => 'Oolong without jobs' ) );
		$gone = $this->post( $editor, array( 'post_title' => 'Oolong gone' ) );
		$this->job_of( $editor, $kept );
		$this->job_of( $editor, $gone );
		wp_delete_post( $gone, true );
		wp_set_current_user( $this->user( 'administrator' ) );

		$found = $this->rest( 'GET', '/iacp/v1/job-subjects/posts', array( 'search' => 'oolong' ) )->get_data();
		$this->assertSame( array( $kept ), array_column( $found, 'id' ) );
		$this->assertSame( 'Oolong notes', $found[0]['label'] );

		$named = $this->rest( 'GET', '/iacp/v1/job-subjects/posts', array( 'include' => array( $gone ) ) )->get_data();
		$this->assertSame( sprintf( '(deleted post %d)', $gone ), $named[0]['label'] );
	}

	public function test_a_manager_who_may_not_list_users_learns_no_name_of_someone_without_jobs(): void {
		$quiet   = $this->person( 'author', 'Quiet Person' );
		$manager = $this->person( 'editor', 'Ed Manager' );
		$editor  = get_role( 'editor' );
		$editor->add_cap( \IACP\Security\Capabilities::MANAGE_JOBS );
		try {
			wp_set_current_user( $manager );
			$this->assertFalse( current_user_can( 'list_users' ) );
			$named = $this->rest( 'GET', '/iacp/v1/job-subjects/users', array( 'include' => array( $quiet ) ) );
			$this->assertSame( 200, $named->get_status() );
			$this->assertNotContains( $quiet, array_column( $named->get_data(), 'id' ) );
			$this->assertStringNotContainsString( 'Quiet Person', (string) wp_json_encode( $named->get_data() ) );

			$this->job_of( $quiet );
			wp_set_current_user( $manager );
			$named = $this->rest( 'GET', '/iacp/v1/job-subjects/users', array( 'include' => array( $quiet ) ) )->get_data();
			$this->assertContains( $quiet, array_column( $named, 'id' ), 'once they have a job, managers see it and its owner anyway' );
		} finally {
			$editor->remove_cap( \IACP\Security\Capabilities::MANAGE_JOBS );
		}
	}

	public function test_the_post_picker_names_no_post_the_manager_may_not_edit(): void {
		$owner   = $this->person( 'administrator', 'Owner' );
		$private = $this->post(
			$owner,
			array(
				'post_title'  => 'Board minutes',
				'post_status' => 'private',
			)
		);
		$this->job_of( $owner, $private );
		$manager = $this->person( 'author', 'Au Manager' );
		$author  = get_role( 'author' );
		$author->add_cap( \IACP\Security\Capabilities::MANAGE_JOBS );
		try {
			wp_set_current_user( $manager );
			$this->assertFalse( current_user_can( 'edit_post', $private ) );
			foreach ( array( array( 'search' => 'Board' ), array( 'include' => array( $private ) ) ) as $query ) {
				$found = $this->rest( 'GET', '/iacp/v1/job-subjects/posts', $query );
				$this->assertSame( 200, $found->get_status() );
				$this->assertStringNotContainsString( 'Board minutes', (string) wp_json_encode( $found->get_data() ), (string) wp_json_encode( $query ) );
			}
		} finally {
			$author->remove_cap( \IACP\Security\Capabilities::MANAGE_JOBS );
		}
	}
}
