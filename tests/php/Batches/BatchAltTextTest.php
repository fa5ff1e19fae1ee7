<?php
/**
 * Alt text batches over Media Library images: images that already have alt text are skipped at planning (note
 * has_alt_text) unless replace is chosen; apply mode writes each; review mode waits for accept; an author's batch
 * over the whole library touches only the author's images.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Batches;

use IACP\Batches\BatchStatus;

final class BatchAltTextTest extends BatchTestCase {

	/** @var list<int> */
	private array $attachments = array();

	protected function setUp(): void {
		parent::setUp();
		$this->settings( array( 'vision_model' => 'iacp-vision-1' ) );
	}

	protected function tearDown(): void {
		foreach ( $this->attachments as $id ) {
			wp_delete_attachment( $id, true );
		}
		$this->attachments = array();
		parent::tearDown();
	}

	/**
	 * A small PNG in the Media Library, with its intermediate sizes.
	 */
	private function image( int $author, string $alt = '' ): int {
		$picture = imagecreatetruecolor( 320, 200 );
		imagefill( $picture, 0, 0, (int) imagecolorallocate( $picture, 20, 120, 200 ) );
		$file = wp_upload_dir()['path'] . '/iacp-batch-alt-' . wp_generate_password( 8, false, false ) . '.png';
		imagepng( $picture, $file );
		$id = wp_insert_attachment(
			array(
				'post_mime_type' => 'image/png',
				'post_title'     => 'Blue square',
				'post_author'    => $author,
			),
			$file
		);
		require_once ABSPATH . 'wp-admin/includes/image.php';
		wp_update_attachment_metadata( $id, wp_generate_attachment_metadata( $id, $file ) );
		if ( '' !== $alt ) {
			update_post_meta( $id, '_wp_attachment_image_alt', $alt );
		}
		$this->attachments[] = $id;
		return $id;
	}

	private function alt( int $id ): string {
		wp_cache_delete( $id, 'post_meta' );
		return (string) get_post_meta( $id, '_wp_attachment_image_alt', true );
	}

	public function test_images_with_alt_text_are_skipped_unless_replace_and_the_rest_get_alt_text(): void {
		$editor = $this->user( 'editor' );
		$bare   = $this->image( $editor );
		$named  = $this->image( $editor, 'Chosen by a person' );
		wp_set_current_user( $editor );

		$kept = (int) $this->start(
			array(
				'action'   => 'alt_text',
				'post_ids' => array( $bare, $named ),
			)
		)['id'];
		$this->run_batch_until( $kept, array( BatchStatus::COMPLETED ), 60, array( 'batch_step', 'alt_text' ) );

		$items = $this->items( $kept );
		$this->assertSame( 'attachment', $items[ $bare ]['object_type'] );
		$this->assertSame( 'done', $items[ $bare ]['status'], (string) wp_json_encode( $items[ $bare ] ) );
		$this->assertNotSame( '', $this->alt( $bare ) );
		$this->assertSame( $this->alt( $bare ), $items[ $bare ]['after'] );
		$this->assertSame( array( 'skipped', 'has_alt_text' ), array( $items[ $named ]['status'], $items[ $named ]['note'] ) );
		$this->assertSame( 'Chosen by a person', $this->alt( $named ) );
		$this->assertArrayNotHasKey( $named, $this->jobs_per_post( 'alt_text' ), 'no job for a skipped image' );

		$replaced = (int) $this->start(
			array(
				'action'   => 'alt_text',
				'replace'  => true,
				'post_ids' => array( $named ),
			)
		)['id'];
		$this->run_batch_until( $replaced, array( BatchStatus::COMPLETED ), 60, array( 'batch_step', 'alt_text' ) );
		$this->assertSame( 'done', $this->items( $replaced )[ $named ]['status'] );
		$this->assertNotSame( 'Chosen by a person', $this->alt( $named ) );
	}

	public function test_review_mode_waits_for_accept_and_an_authors_library_batch_takes_only_their_images(): void {
		$author = $this->user( 'author' );
		$mine   = $this->image( $author );
		$theirs = $this->image( $this->user( 'editor' ) );
		wp_set_current_user( $author );
		$id = (int) $this->start(
			array(
				'action' => 'alt_text',
				'mode'   => 'review',
				'filter' => array(
					'post_type' => 'attachment',
					'missing'   => true,
				),
			)
		)['id'];

		$this->run_batch_until( $id, array( BatchStatus::COMPLETED ), 60, array( 'batch_step', 'alt_text' ) );

		$items = $this->items( $id );
		$this->assertSame( array( $mine ), array_keys( $items ) );
		$this->assertSame( 'review', $items[ $mine ]['status'] );
		$this->assertSame( '', $this->alt( $mine ), 'nothing written before review' );
		$answer = $this->rest( 'POST', "/iacp/v1/batches/{$id}/accept", array( 'all' => true ) )->get_data();
		$this->assertSame( 1, $answer['applied'], (string) wp_json_encode( $answer['conflicts'] ) );
		$this->assertSame( $items[ $mine ]['after'], $this->alt( $mine ) );
		$this->assertSame( '', $this->alt( $theirs ) );
	}
}
