<?php
/**
 * `alt_text`: writes the alt text of an image attachment (the job's post_id) from a vision model's short, literal
 * description in the site's language. The model sees a downscaled copy (AltTextImage), never the file's URL.
 *
 * An image that already has alt text is skipped (note `has_alt_text`, no AI call) unless `replace` is true. The
 * alt text is captured when the job is queued and written only if it still holds that value: alt text a person
 * wrote meanwhile always wins. With `review: true` the result (`before`/`after`) is stored and nothing is written;
 * ReviewedResult::apply() writes it later by the same rule (AltText).
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\JobTypes;

use IACP\Jobs\DeclaresCapability;
use IACP\Jobs\Job;
use IACP\Jobs\JobContext;
use IACP\Jobs\JobHandler;
use IACP\Jobs\PermanentJobError;
use IACP\Jobs\PreparesInput;
use IACP\Providers\AiProvider;
use IACP\Providers\ChatResult;
use IACP\Security\Capabilities;
use IACP\Settings\Settings;
use IACP\Usage\TokenEstimate;

final class AltTextJobHandler implements JobHandler, DeclaresCapability, PreparesInput {

	public const TYPE = 'alt_text';

	/** The result note of an image that kept the alt text it had (or that a person wrote meanwhile). */
	public const NOTE_HAS_ALT = 'has_alt_text';

	/** The user message's words (the image follows them). */
	private const ASK = 'Write the alt text for this image.';

	public function __construct(
		private readonly AiProvider $provider,
		private readonly Settings $settings
	) {}

	public function input_schema(): array {
		return array(
			'type'                 => 'object',
			'additionalProperties' => false,
			'properties'           => array(
				'replace'  => array(
					'type'        => 'boolean',
					'default'     => false,
					'description' => __( 'Replace alt text the image already has (otherwise such images are skipped).', 'iacp' ),
				),
				'review'   => array(
					'type'        => 'boolean',
					'default'     => false,
					'description' => __( 'Keep the alt text for review (before/after) instead of writing it; ReviewedResult::apply() writes it later.', 'iacp' ),
				),
				'original' => array(
					'type'        => 'string',
					'description' => __( 'Set by the queue at enqueue time: the image\'s alt text then.', 'iacp' ),
				),
			),
		);
	}

	/**
	 * Alt text is text: the capability of text jobs. Whether the user may change this image is edit_post on the
	 * attachment, checked when the job is queued, when it runs and when it writes.
	 */
	public function capability(): string {
		return Capabilities::GENERATE_TEXT;
	}

	public function time_limit(): int {
		return 120;
	}

	public function default_max_attempts(): int {
		return 3;
	}

	/**
	 * Refuses a missing attachment or one that is not an image (400 naming post_id), then adds its alt text as
	 * `original`; a value a client sent is replaced.
	 *
	 * @param array<string, mixed> $input   Validated input.
	 * @param int|null             $post_id The attachment.
	 * @return array<string, mixed>|\WP_Error
	 */
	public function prepare_input( array $input, ?int $post_id ): array|\WP_Error {
		unset( $input['original'] );
		$problem = $this->attachment_problem( $post_id );
		if ( null !== $problem ) {
			return new \WP_Error(
				'iacp_invalid_post',
				$problem,
				array(
					'status' => 400,
					'field'  => 'post_id',
				)
			);
		}
		$input['original'] = AltText::read( (int) $post_id );
		return $input;
	}

	public function handle( Job $job, JobContext $context ): array {
		$problem = $this->attachment_problem( $job->post_id );
		if ( null !== $problem ) {
			throw new PermanentJobError( $problem, 'post_not_found' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
		$attachment_id = (int) $job->post_id;
		// Checked before paying for the AI, and again right before the write.
		OwnerPermission::require_edit_post( $job );
		$before  = QueuedValue::of( $job, $context, static fn(): string => AltText::read( $attachment_id ) );
		$replace = ! empty( $job->input['replace'] );
		if ( '' !== $before && ! $replace ) {
			return $this->kept( $before, null );
		}

		$context->progress( 10, __( 'Preparing the image', 'iacp' ) );
		$image = AltTextImage::data_url( $attachment_id );
		$context->log( sprintf( 'Sent a %d x %d copy (%d bytes).', $image['width'], $image['height'], $image['bytes'] ) );
		$context->progress( 30, __( 'Asking the AI', 'iacp' ) );
		$messages = $this->messages( $image['url'] );
		$answer   = $this->provider->chat(
			$messages,
			array(
				'model'      => $this->model(),
				'max_tokens' => 120,
				'timeout'    => (float) $this->time_limit(),
			)
		);
		$this->record_usage( $context, $answer, $messages, $image );
		$alt = AltText::clean( $answer->text );
		if ( '' === $alt ) {
			throw new PermanentJobError( __( 'The AI returned an empty value.', 'iacp' ), 'empty_output' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}

		$result = array(
			'applied' => false,
			'replace' => $replace,
			'before'  => $before,
			'after'   => $alt,
		);
		if ( ! empty( $job->input['review'] ) ) {
			// Review mode writes nothing; ReviewedResult::apply() does, later, by the same rule.
			$result['review'] = true;
			return $result;
		}
		$context->progress( 90, __( 'Saving', 'iacp' ) );
		OwnerPermission::require_edit_post( $job );
		if ( ! AltText::compare_and_set( $attachment_id, $before, $alt ) ) {
			return $this->kept( AltText::read( $attachment_id ), $alt );
		}
		$result['applied'] = true;
		return $result;
	}

	/**
	 * The tokens the provider reported; when it reported none (some local servers), an estimate — the words at a
	 * token per four characters and the image as OpenAI counts it — so that no job is free against a budget.
	 *
	 * @param list<array{role: string, content: string|list<array<string, mixed>>}> $messages What was sent.
	 * @param array{url: string, width: int, height: int, bytes: int}              $image    The copy sent.
	 */
	private function record_usage( JobContext $context, ChatResult $answer, array $messages, array $image ): void {
		if ( $answer->prompt_tokens + $answer->completion_tokens > 0 ) {
			$context->add_token_usage( $answer->prompt_tokens, $answer->completion_tokens );
			return;
		}
		$words = (string) $messages[0]['content'] . self::ASK;
		$context->add_token_usage(
			TokenEstimate::of_text( mb_strlen( $words ) ) + AltTextImage::tokens( $image['width'], $image['height'] ),
			TokenEstimate::of_text( mb_strlen( $answer->text ) )
		);
	}

	/**
	 * The vision model set in Settings; empty means the text model (most current chat models also see images).
	 */
	public function model(): string {
		$vision = trim( (string) $this->settings->get( 'vision_model' ) );
		return '' !== $vision ? $vision : (string) $this->settings->get( 'text_model' );
	}

	/**
	 * The result of an image that keeps the alt text it has: nothing written.
	 *
	 * @return array<string, mixed>
	 */
	private function kept( string $alt, ?string $suggestion ): array {
		$result = array(
			'applied' => false,
			'skipped' => null === $suggestion,
			'note'    => self::NOTE_HAS_ALT,
			'before'  => $alt,
			'after'   => $suggestion,
		);
		if ( null !== $suggestion ) {
			$result['reason'] = 'newer_edit';
		}
		return $result;
	}

	/**
	 * Why this post cannot get alt text, or null when it is an image attachment.
	 */
	private function attachment_problem( ?int $post_id ): ?string {
		$post = null === $post_id ? null : get_post( $post_id );
		if ( null === $post || 'attachment' !== $post->post_type ) {
			return __( 'Alt text jobs need an image from the Media Library: no such attachment.', 'iacp' );
		}
		if ( ! wp_attachment_is_image( $post ) ) {
			return __( 'Alt text jobs need an image: this attachment is not one.', 'iacp' );
		}
		return null;
	}

	/**
	 * @return list<array{role: string, content: string|list<array<string, mixed>>}>
	 */
	private function messages( string $data_url ): array {
		return array(
			array(
				'role'    => 'system',
				'content' => sprintf(
					'You write alt text for images on a website, in the language of the locale %s. Describe literally what the image shows, in one short sentence of at most %d characters. Answer with the alt text only: no quotes, no preamble, and do not begin with "Image of" or "Picture of".',
					get_locale(),
					AltText::MAX_CHARS
				),
			),
			array(
				'role'    => 'user',
				'content' => array(
					array(
						'type' => 'text',
						'text' => self::ASK,
					),
					array(
						'type'      => 'image_url',
						'image_url' => array( 'url' => $data_url ),
					),
				),
			),
		);
	}
}
