<?php
/**
 * `image`: generates images, shows previews at once (stage one: temporary files, checkpointed), then adds each
 * image to the Media Library (stage two), checkpointing after every image so a retry never adds one twice.
 * Stage two and the featured image run only while the job's owner may still edit the job's post; the featured image
 * is set only on a post that has none (FeaturedImage), and in review mode (`review: true`) only proposed.
 * An uploads folder that is not writable or full fails the job at once (UploadsStorage): its previews are removed
 * and an attachment it could not finish is deleted.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\JobTypes;

use IACP\Jobs\DeclaresCapability;
use IACP\Jobs\DeferJob;
use IACP\Jobs\Job;
use IACP\Jobs\JobCancelledException;
use IACP\Jobs\JobContext;
use IACP\Jobs\JobHandler;
use IACP\Jobs\JobLog;
use IACP\Jobs\LeaseLostException;
use IACP\Jobs\PermanentJobError;
use IACP\Jobs\RetryableJobError;
use IACP\Providers\AiProvider;
use IACP\Providers\GeneratedImage;
use IACP\Providers\ImageModelCapabilities;
use IACP\Providers\ImageModelSpec;
use IACP\Security\Capabilities;
use IACP\Settings\Settings;

final class ImageJobHandler implements JobHandler, DeclaresCapability {

	public const TYPE = 'image';

	/** Every size the plugin knows; what a job may ask for is the image model's own list (image_model()). */
	public const SIZES = ImageModelCapabilities::ALL_SIZES;

	/** Attachment meta naming the job image it came from: "<job public id>:<index>". */
	public const META_KEY = '_iacp_job_image';

	private const MIME = array(
		'png'  => 'image/png',
		'jpeg' => 'image/jpeg',
		'webp' => 'image/webp',
	);

	/**
	 * @param (\Closure(): ImageModelSpec)|null $image_model What the model that makes the images can do (default:
	 *                                                    the endpoint's image model setting).
	 */
	public function __construct(
		private readonly AiProvider $provider,
		private readonly Settings $settings,
		private readonly ImageFiles $files,
		private readonly ?\Closure $image_model = null
	) {}

	/**
	 * What the image model jobs go to can make (sizes, images per job): the schema offers only that.
	 */
	public function image_model(): ImageModelSpec {
		return null !== $this->image_model ? ( $this->image_model )() : ImageModelCapabilities::for_model( (string) $this->settings->get( 'image_model' ) );
	}

	public function input_schema(): array {
		$spec  = $this->image_model();
		$model = '' !== $spec->model ? $spec->model : __( 'the model the AI connectors pick', 'iacp' );
		return array(
			'type'                 => 'object',
			'additionalProperties' => false,
			'required'             => array( 'prompt' ),
			'properties'           => array(
				'prompt'       => array(
					'type'        => 'string',
					'minLength'   => 1,
					'maxLength'   => max( 100, $this->settings->int( 'max_prompt_chars' ) ),
					'description' => __( 'What the image shows.', 'iacp' ),
				),
				'size'         => array(
					'type'        => 'string',
					'enum'        => $spec->sizes,
					'default'     => $spec->default_size(),
					/* translators: %s: image model id. */
					'description' => sprintf( __( 'Width x height in pixels: the sizes %s makes.', 'iacp' ), $model ),
				),
				'count'        => array(
					'type'        => 'integer',
					'minimum'     => 1,
					'maximum'     => $spec->max_count,
					'default'     => 1,
					/* translators: %s: image model id. */
					'description' => sprintf( __( 'How many images (as many as %s makes for one job).', 'iacp' ), $model ),
				),
				'set_featured' => array(
					'type'        => 'boolean',
					'default'     => false,
					'description' => __( 'Make the first image the featured image of the job\'s post if the post has none.', 'iacp' ),
				),
				'review'       => array(
					'type'        => 'boolean',
					'default'     => false,
					'description' => __( 'Keep the featured image for review (before/after) instead of setting it; ReviewedResult::apply() sets it later.', 'iacp' ),
				),
			),
		);
	}

	public function capability(): string {
		return Capabilities::GENERATE_IMAGES;
	}

	public function time_limit(): int {
		return 300;
	}

	public function default_max_attempts(): int {
		return 3;
	}

	public function handle( Job $job, JobContext $context ): array {
		$prompt = trim( (string) ( $job->input['prompt'] ?? '' ) );
		$size   = (string) ( $job->input['size'] ?? '1024x1024' );
		$count  = max( 1, min( 4, (int) ( $job->input['count'] ?? 1 ) ) );
		if ( '' === $prompt || ! in_array( $size, self::SIZES, true ) ) {
			throw new PermanentJobError( __( 'The image job needs a prompt and a valid size.', 'iacp' ), 'invalid_input' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
		if ( ! $this->image_model()->supports_size( $size ) ) {
			// The model was changed after the job was queued: say so rather than send what the provider refuses.
			/* translators: %s: image size such as 1024x1024. */
			throw new PermanentJobError( sprintf( __( 'The image model now set up cannot make %s images. Start the job again with a size it offers.', 'iacp' ), $size ), 'image_size_not_supported' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}

		$state  = is_array( $job->result ) ? $job->result : array();
		$folder = (string) ( $state['tmp_folder'] ?? '' );
		/** @var array<int, array<string, mixed>> $images */
		$images = array();
		foreach ( (array) ( $state['images'] ?? array() ) as $image ) {
			if ( is_array( $image ) && isset( $image['index'] ) ) {
				$images[ (int) $image['index'] ] = $image;
			}
		}

		try {
			return $this->generate_and_add( $job, $context, $prompt, $size, $count, $folder, $images );
		} catch ( \Throwable $error ) {
			if ( $this->ends_the_job( $error, $job, $context ) ) {
				// No later attempt will use the previews: remove them now rather than at the daily purge.
				$this->files->delete_folder( $folder );
			}
			throw $error;
		}
	}

	/**
	 * Whether the queue will finish the job after this error (failed or cancelled) instead of trying again.
	 */
	private function ends_the_job( \Throwable $error, Job $job, JobContext $context ): bool {
		if ( $error instanceof DeferJob || $error instanceof LeaseLostException ) {
			return false;
		}
		return $error instanceof PermanentJobError || $error instanceof JobCancelledException || $context->attempt() >= $job->max_attempts;
	}

	/**
	 * Stage one (previews) when needed, then stage two (Media Library), then the featured image.
	 *
	 * @param string                           $folder Preview folder; set here when stage one makes a new one.
	 * @param array<int, array<string, mixed>> $images Checkpointed images.
	 * @return array<string, mixed>
	 */
	private function generate_and_add( Job $job, JobContext $context, string $prompt, string $size, int $count, string &$folder, array $images ): array {
		if ( $this->needs_generation( $images, $folder, $count ) ) {
			[ $folder, $images ] = $this->generate( $prompt, $size, $count, $folder, $images, $context );
		}

		// Images are attached to the job's post: only while its owner may still edit that post.
		OwnerPermission::require_edit_post( $job );
		$context->progress( 50, __( 'Adding to the Media Library', 'iacp' ) );
		$this->load_admin_media();
		$done = 0;
		foreach ( $images as $index => $image ) {
			if ( 'completed' !== ( $image['status'] ?? '' ) ) {
				$images[ $index ] = $this->add_to_library( $job, $context, $index, $image, $folder, $prompt );
				$context->checkpoint( array( 'images' => array_values( $images ) ) );
			}
			++$done;
			$context->progress( 50 + (int) floor( 45 * $done / max( 1, count( $images ) ) ) );
			$context->heartbeat();
		}

		$completed = array_filter( $images, static fn( array $image ): bool => 'completed' === ( $image['status'] ?? '' ) );
		if ( array() === $completed ) {
			throw new RetryableJobError( __( 'No image could be added to the Media Library.', 'iacp' ), null, 'media_failed' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}

		$featured = $this->featured( $job, reset( $completed ) );

		$this->files->delete_later( $folder );
		foreach ( $images as $index => $image ) {
			$images[ $index ]['preview_url'] = 'completed' === ( $image['status'] ?? '' ) ? $image['url'] : null;
			unset( $images[ $index ]['file'] );
		}
		return array_merge(
			array(
				'images'     => array_values( $images ),
				'tmp_folder' => null,
			),
			$featured
		);
	}

	/**
	 * The featured image step (`set_featured`): the first image becomes the post's featured image if the post has
	 * none — in review mode only proposed (`before`/`after`), for ReviewedResult::apply() to set later.
	 *
	 * @param array<string, mixed> $first The first image added to the library.
	 * @return array<string, mixed> What the result says about it.
	 */
	private function featured( Job $job, array $first ): array {
		if ( empty( $job->input['set_featured'] ) || null === $job->post_id || ! get_post( $job->post_id ) ) {
			return array( 'featured_id' => null );
		}
		$attachment_id = (int) $first['attachment_id'];
		$proposal      = array(
			'featured_id' => null,
			'before'      => FeaturedImage::url( $job->post_id ),
			'after'       => (string) $first['url'],
			'after_id'    => $attachment_id,
		);
		if ( ! empty( $job->input['review'] ) ) {
			return array_merge( $proposal, array( 'review' => true ) );
		}
		OwnerPermission::require_edit_post( $job );
		if ( FeaturedImage::SET !== FeaturedImage::set_if_missing( $job->post_id, $attachment_id ) ) {
			// A featured image a person chose stays; the generated one is in the Media Library.
			return array_merge( $proposal, array( 'note' => FeaturedImage::TAKEN ) );
		}
		return array_merge( $proposal, array( 'featured_id' => $attachment_id ) );
	}

	/**
	 * Stage one is (re)done when nothing was generated yet, or an image still to be added lost its preview file.
	 *
	 * @param array<int, array<string, mixed>> $images Checkpointed images.
	 */
	private function needs_generation( array $images, string $folder, int $count ): bool {
		if ( count( $images ) < $count || '' === $folder ) {
			return true;
		}
		foreach ( $images as $image ) {
			if ( 'completed' !== ( $image['status'] ?? '' ) && ! is_file( $this->files->path( $folder, (string) ( $image['file'] ?? '' ) ) ) ) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Stage one: asks for the images, writes previews, checkpoints them. Images already in the library stay.
	 *
	 * @param array<int, array<string, mixed>> $images Checkpointed images.
	 * @return array{0: string, 1: array<int, array<string, mixed>>}
	 */
	private function generate( string $prompt, string $size, int $count, string $folder, array $images, JobContext $context ): array {
		$context->progress( 5, __( 'Generating images', 'iacp' ) );
		$batch = $this->provider->images( $prompt, $size, $count, array( 'timeout' => (float) $this->time_limit() ) );
		$context->add_token_usage( $batch->prompt_tokens, $batch->completion_tokens );

		if ( '' !== $folder ) {
			$this->files->delete_folder( $folder );
		}
		$folder = $this->files->create_folder();
		foreach ( array_slice( $batch->images, 0, $count ) as $index => $generated ) {
			if ( 'completed' === ( $images[ $index ]['status'] ?? '' ) ) {
				continue;
			}
			$file             = $this->write_preview( $folder, $index, $generated );
			$images[ $index ] = array(
				'index'       => $index,
				'status'      => 'pending',
				'preview_url' => $this->files->url( $folder, $file ),
				'file'        => $file,
			);
		}
		ksort( $images );
		$context->checkpoint(
			array(
				'tmp_folder' => $folder,
				'images'     => array_values( $images ),
			)
		);
		return array( $folder, $images );
	}

	/**
	 * Writes one image in the configured format (png, jpeg or webp at the configured quality).
	 */
	private function write_preview( string $folder, int $index, GeneratedImage $image ): string {
		$file = sprintf( 'image-%d.%s', $index, $image->extension() );
		$path = $this->files->path( $folder, $file );
		if ( ! $image->move_to( $path ) ) {
			// A partial copy (another file system, a full disk) goes too; the job fails with what went wrong.
			wp_delete_file( $path );
			throw UploadsStorage::failure( $path, (int) filesize( $image->file ) ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}

		$format = (string) $this->settings->get( 'image_format' );
		$mime   = self::MIME[ $format ] ?? 'image/png';
		if ( $mime === $image->mime || ! wp_image_editor_supports( array( 'mime_type' => $mime ) ) ) {
			return $file;
		}
		$editor = wp_get_image_editor( $path );
		if ( is_wp_error( $editor ) ) {
			return $file;
		}
		$editor->set_quality( $this->settings->int( 'jpeg_quality' ) );
		$converted = sprintf( 'image-%d.%s', $index, 'jpeg' === $format ? 'jpg' : $format );
		$saved     = $editor->save( $this->files->path( $folder, $converted ), $mime );
		if ( is_wp_error( $saved ) ) {
			return $file;
		}
		wp_delete_file( $path );
		return $converted;
	}

	/**
	 * Stage two for one image. An attachment already carrying this job image's meta (added just before a crash)
	 * is reused, never duplicated.
	 *
	 * @param array<string, mixed> $image Checkpointed image.
	 * @return array<string, mixed> The image with its new status.
	 */
	private function add_to_library( Job $job, JobContext $context, int $index, array $image, string $folder, string $prompt ): array {
		$marker        = $job->public_id . ':' . $index;
		$attachment_id = $this->find_attachment( $marker );
		if ( null === $attachment_id ) {
			$source = $this->files->path( $folder, (string) ( $image['file'] ?? '' ) );
			// Sniffed again: the preview may be a converted file, and only an image goes into the library.
			$problem = ! is_file( $source ) ? __( 'The generated image file is missing.', 'iacp' )
				: ( in_array( wp_get_image_mime( $source ), GeneratedImage::TYPES, true ) ? null : __( 'The generated file is not an image.', 'iacp' ) );
			$copy    = null === $problem ? wp_tempnam( (string) ( $image['file'] ?? 'image.png' ) ) : '';
			if ( null === $problem && ! @copy( $source, $copy ) ) { // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- what went wrong is reported below.
				wp_delete_file( $copy );
				if ( UploadsStorage::is_failing( $copy ) ) {
					throw UploadsStorage::failure( $copy, (int) filesize( $source ) ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
				}
				$problem = __( 'The generated image file is missing.', 'iacp' );
			}
			if ( null !== $problem ) {
				return array_merge(
					$image,
					array(
						'status' => 'failed',
						'error'  => $problem,
					)
				);
			}
			$title  = wp_trim_words( $prompt, 10, '' );
			$result = media_handle_sideload(
				array(
					'name'     => sanitize_file_name( sanitize_title( $title ) . '-' . ( $index + 1 ) . '.' . pathinfo( (string) $image['file'], PATHINFO_EXTENSION ) ),
					'tmp_name' => $copy,
				),
				$job->post_id ?? 0,
				null,
				array(
					'post_title'  => $title,
					'post_author' => $job->user_id,
					// Written with the attachment row itself, so a crash right after the insert is still recognised.
					'meta_input'  => array(
						self::META_KEY             => $marker,
						'_wp_attachment_image_alt' => mb_substr( $prompt, 0, 250 ),
					),
				)
			);
			if ( file_exists( $copy ) ) {
				wp_delete_file( $copy );
			}
			if ( is_wp_error( $result ) && UploadsStorage::is_failing( $this->library_folder() ) ) {
				throw UploadsStorage::failure( $this->library_folder() ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
			}
			if ( is_wp_error( $result ) ) {
				// WordPress's text may name folders of the server: the job log keeps it for managers.
				$context->log( sprintf( 'Image %d could not be added to the Media Library.', $index + 1 ), array( JobLog::DETAIL => $result->get_error_message() ) );
				return array_merge(
					$image,
					array(
						'status' => 'failed',
						'error'  => __( 'The image could not be added to the Media Library.', 'iacp' ),
					)
				);
			}
			$attachment_id = (int) $result;
			$this->delete_if_half_made( $attachment_id );
		} elseif ( ! wp_get_attachment_metadata( $attachment_id ) ) {
			// The crash came before the sizes were made.
			wp_update_attachment_metadata( $attachment_id, wp_generate_attachment_metadata( $attachment_id, (string) get_attached_file( $attachment_id ) ) );
		}
		return array_merge(
			$image,
			array(
				'status'        => 'completed',
				'attachment_id' => $attachment_id,
				'url'           => (string) wp_get_attachment_url( $attachment_id ),
				'error'         => null,
			)
		);
	}

	/**
	 * An attachment whose smaller sizes could not be written — missing, or empty files, as image editors leave them
	 * on a full disk — is deleted, files and all, and the job fails; a size missing on a healthy disk (an image
	 * editor that cannot make it) stays.
	 */
	private function delete_if_half_made( int $attachment_id ): void {
		$file   = (string) get_attached_file( $attachment_id );
		$folder = dirname( $file );
		$files  = array( $file );
		foreach ( (array) ( wp_get_attachment_metadata( $attachment_id )['sizes'] ?? array() ) as $size ) {
			$files[] = $folder . '/' . (string) ( $size['file'] ?? '' );
		}
		$broken = array() !== wp_get_missing_image_subsizes( $attachment_id ) || array() !== array_filter( $files, static fn( string $path ): bool => ! is_file( $path ) || 0 === filesize( $path ) );
		if ( ! $broken || ! UploadsStorage::is_failing( $folder ) ) {
			return;
		}
		wp_delete_attachment( $attachment_id, true );
		throw UploadsStorage::failure( $folder ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
	}

	/**
	 * The Media Library folder new files go to (uploads/yyyy/mm).
	 */
	private function library_folder(): string {
		return (string) wp_upload_dir( null, false )['path'];
	}

	private function find_attachment( string $marker ): ?int {
		global $wpdb;
		// phpcs:ignore WordPress.DB.DirectDatabaseQuery.DirectQuery, WordPress.DB.DirectDatabaseQuery.NoCaching -- a retry looks up the attachment an earlier attempt (maybe another process) made, by its marker, in the database as it is now.
		$id = $wpdb->get_var(
			$wpdb->prepare(
				"SELECT p.ID FROM {$wpdb->posts} p INNER JOIN {$wpdb->postmeta} m ON m.post_id = p.ID WHERE p.post_type = 'attachment' AND m.meta_key = %s AND m.meta_value = %s ORDER BY p.ID LIMIT 1",
				self::META_KEY,
				$marker
			)
		);
		return null === $id ? null : (int) $id;
	}

	private function load_admin_media(): void {
		$admin = trailingslashit( (string) constant( 'ABSPATH' ) ) . 'wp-admin/includes/';
		require_once $admin . 'file.php';
		require_once $admin . 'media.php';
		require_once $admin . 'image.php';
	}
}
