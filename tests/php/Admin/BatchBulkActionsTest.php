<?php
/**
 * The list screens' batch bulk actions over real HTTP with a browser's session: which actions each list offers whom,
 * a start from ticked posts and from "all N matching this filter" (none ticked), the redirect to the batch's page,
 * a refused start shown as a notice, the nonce, and the notice while a batch from that list runs.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Admin;

use IACP\Tests\Batches\BatchTestCase;
use IACP\Tests\HttpClient;

final class BatchBulkActionsTest extends BatchTestCase {

	/**
	 * A user of a role logged in over HTTP, and their ID.
	 *
	 * @return array{HttpClient, int}
	 */
	private function session( string $role ): array {
		$id    = $this->user( $role );
		$login = get_userdata( $id )->user_login;
		$pass  = wp_generate_password( 16, false );
		wp_set_password( $pass, $id );
		clean_user_cache( $id );
		$http = HttpClient::for_test_site();
		$http->log_in( $login, $pass );
		return array( $http, $id );
	}

	/**
	 * The bulk actions a list screen offers (values of its bulk action select).
	 *
	 * @return list<string>
	 */
	private function offered( string $html ): array {
		preg_match_all( '/<option value="(iacp_batch_[a-z_]+)"/', $html, $matches );
		return array_values( array_unique( $matches[1] ) );
	}

	private function nonce( string $html ): string {
		$this->assertSame( 1, preg_match( '/id="_wpnonce" name="_wpnonce" value="([0-9a-f]+)"/', $html, $match ), 'the list form carries a nonce' );
		return $match[1];
	}

	public function test_each_list_offers_the_actions_its_post_type_supports_to_users_who_may_start_them(): void {
		[ $author ] = $this->session( 'author' );
		$posts      = $author->request( 'GET', '/wp-admin/edit.php' );
		$this->assertSame( 200, $posts['status'] );
		$this->assertSame( array( 'iacp_batch_excerpt', 'iacp_batch_title', 'iacp_batch_featured_image' ), $this->offered( $posts['body'] ) );
		$this->assertStringContainsString( 'name="iacp_all_matching"', $posts['body'] );
		$this->assertStringContainsString( 'AI: review results first', $posts['body'] );

		[ $editor, $editor_id ] = $this->session( 'editor' );
		$pages                  = $editor->request( 'GET', '/wp-admin/edit.php?post_type=page' );
		// A list shows its bulk actions only when it has items.
		$image = wp_insert_attachment(
			array(
				'post_mime_type' => 'image/png',
				'post_title'     => 'Listed image',
				'post_author'    => $editor_id,
			)
		);
		$this->assertSame( array( 'iacp_batch_title', 'iacp_batch_featured_image' ), $this->offered( $pages['body'] ), 'pages have no excerpt' );
		$media = $editor->request( 'GET', '/wp-admin/upload.php?mode=list' );
		wp_delete_attachment( $image, true );
		$this->assertSame( array( 'iacp_batch_alt_text' ), $this->offered( $media['body'] ), 'alt text on the Media Library list' );

		[ $contributor ] = $this->session( 'contributor' );
		$this->assertSame( array( 'iacp_batch_excerpt', 'iacp_batch_title' ), $this->offered( $contributor->request( 'GET', '/wp-admin/edit.php' )['body'] ), 'no images without upload rights' );
	}

	public function test_ticked_posts_start_a_batch_and_land_on_its_page_with_a_notice_on_the_list(): void {
		[ $http, $author ] = $this->session( 'author' );
		$a                 = $this->post( $author );
		$b                 = $this->post( $author );
		$nonce             = $this->nonce( $http->request( 'GET', '/wp-admin/edit.php' )['body'] );

		$answer = $http->request(
			'GET',
			'/wp-admin/edit.php?' . http_build_query(
				array(
					'action'          => 'iacp_batch_title',
					'post'            => array( $b, $a ),
					'_wpnonce'        => $nonce,
					'iacp_batch_mode' => 'apply',
				)
			)
		);

		$this->assertSame( 302, $answer['status'] );
		$batches = iacp()->batch_repository()->page( $author, null, 1, 10 )[0];
		$this->assertCount( 1, $batches );
		$this->assertSame( admin_url( 'tools.php?page=iacp-batches&batch=' . $batches[0]->id ), $answer['headers']['location'] );
		$this->assertSame( 'title', $batches[0]->action );
		$this->assertSame( array( 'post_ids' => array( min( $a, $b ), max( $a, $b ) ) ), $batches[0]->spec );

		$list = $http->request( 'GET', '/wp-admin/edit.php' )['body'];
		$this->assertStringContainsString( 'AI batch “Improve titles with AI” is', $list );
		$this->assertStringContainsString( 'page=iacp-batches&#038;batch=' . $batches[0]->id, $list );
	}

	public function test_the_media_library_list_starts_an_alt_text_batch_for_the_ticked_images(): void {
		[ $http, $editor ] = $this->session( 'editor' );
		$image             = wp_insert_attachment(
			array(
				'post_mime_type' => 'image/png',
				'post_title'     => 'Ticked image',
				'post_author'    => $editor,
			)
		);
		$page              = $http->request( 'GET', '/wp-admin/upload.php?mode=list' )['body'];
		$this->assertSame( 1, preg_match( '/id="_wpnonce" name="_wpnonce" value="([0-9a-f]+)"/', $page, $match ) );

		$answer = $http->request(
			'GET',
			'/wp-admin/upload.php?' . http_build_query(
				array(
					'mode'            => 'list',
					'action'          => 'iacp_batch_alt_text',
					'media'           => array( $image ),
					'_wpnonce'        => $match[1],
					'iacp_batch_mode' => 'review',
				)
			)
		);

		wp_delete_attachment( $image, true );
		$this->assertSame( 302, $answer['status'] );
		$batch = iacp()->batch_repository()->page( $editor, null, 1, 10 )[0][0];
		$this->assertSame( array( 'alt_text', 'review', 'attachment' ), array( $batch->action, $batch->mode, $batch->post_type ) );
		$this->assertSame( array( 'post_ids' => array( $image ) ), $batch->spec );
		$this->assertSame( admin_url( 'tools.php?page=iacp-batches&batch=' . $batch->id ), $answer['headers']['location'] );
	}

	public function test_all_matching_the_filter_starts_a_batch_over_the_filter_without_ticks(): void {
		[ $http, $editor ] = $this->session( 'editor' );
		$this->post( $editor );
		$nonce = $this->nonce( $http->request( 'GET', '/wp-admin/edit.php?post_status=draft' )['body'] );

		$answer = $http->request(
			'GET',
			'/wp-admin/edit.php?' . http_build_query(
				array(
					'action'            => 'iacp_batch_excerpt',
					'post_status'       => 'draft',
					'author'            => $editor,
					's'                 => 'Test',
					'iacp_all_matching' => '1',
					'_wpnonce'          => $nonce,
				)
			)
		);

		$this->assertSame( 302, $answer['status'] );
		$batch = iacp()->batch_repository()->page( $editor, null, 1, 10 )[0][0];
		$this->assertSame(
			array(
				'filter' => array(
					'post_type' => 'post',
					'status'    => 'draft',
					'author'    => $editor,
					'search'    => 'Test',
				),
			),
			$batch->spec
		);
		$this->assertSame( 1, $batch->total );
	}

	public function test_a_bad_nonce_starts_nothing_and_a_refused_start_is_a_notice(): void {
		[ $http, $author ] = $this->session( 'author' );
		$post              = $this->post( $author );

		$forged = $http->request(
			'GET',
			'/wp-admin/edit.php?' . http_build_query(
				array(
					'action'   => 'iacp_batch_title',
					'post'     => array( $post ),
					'_wpnonce' => 'bad',
				)
			)
		);
		$this->assertSame( 403, $forged['status'] );

		$nonce  = $this->nonce( $http->request( 'GET', '/wp-admin/edit.php' )['body'] );
		$review = $http->request(
			'GET',
			'/wp-admin/edit.php?' . http_build_query(
				array(
					'action'   => 'iacp_batch_title',
					'post'     => array( 999999999 ),
					'_wpnonce' => $nonce,
				)
			),
			null,
			array( 'Referer' => rtrim( (string) \IACP\Tests\TestEnvironment::load( 'IACP_ENV_FILE', 'test' )['url'], '/' ) . '/wp-admin/edit.php' )
		);
		$this->assertSame( 302, $review['status'] );
		$this->assertStringContainsString( 'iacp_batch_error=1', $review['headers']['location'] );
		$this->assertStringContainsString( 'Post 999999999 does not exist.', $http->request( 'GET', '/wp-admin/edit.php' )['body'] );
		$this->assertSame( array(), iacp()->batch_repository()->page( $author, null, 1, 10 )[0] );
	}
}
