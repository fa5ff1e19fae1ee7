<?php
/**
 * `post_field`: refines one field of the job's post (title, excerpt, or an opted-in meta key the post type shows in
 * REST: PostFields decides) and writes the answer only if the field still holds the value it had when the job was
 * queued; a newer human edit always wins.
 *
 * The original value is captured at enqueue time (prepare_input(), which the queue calls before storing the job) so
 * an edit made while the job waits is recognised. A job queued without it reads the value on its first attempt
 * and checkpoints it; later attempts use the checkpoint. The write happens only while the job's owner may still
 * edit the post (checked again at that moment). With `review: true` the result (`before`/`after`) is stored and
 * nothing is written; ReviewedResult::apply() writes it later through the same PostFieldValue path.
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
use IACP\Security\Capabilities;
use IACP\Settings\Settings;

final class PostFieldJobHandler implements JobHandler, DeclaresCapability, PreparesInput {

	public const TYPE = 'post_field';

	public function __construct(
		private readonly AiProvider $provider,
		private readonly Settings $settings,
		private readonly PostFields $fields = new PostFields()
	) {}

	public function input_schema(): array {
		return array(
			'type'                 => 'object',
			'additionalProperties' => false,
			'required'             => array( 'field' ),
			'properties'           => array(
				'field'       => array(
					'type'        => 'string',
					'pattern'     => '^(excerpt|title|meta:[A-Za-z0-9_-]{1,191})$',
					'description' => __( 'title, excerpt, or meta:<key> for a meta key opted in by the iacp_post_field_meta_keys filter and registered for the post type with show_in_rest.', 'iacp' ),
				),
				'instruction' => array(
					'type'        => 'string',
					'maxLength'   => max( 100, $this->settings->int( 'max_prompt_chars' ) ),
					'description' => __( 'How to change the field; empty or absent means "improve it".', 'iacp' ),
				),
				'original'    => array(
					'type'        => 'string',
					'description' => __( 'Set by the queue at enqueue time: the field\'s value then.', 'iacp' ),
				),
				'review'      => array(
					'type'        => 'boolean',
					'default'     => false,
					'description' => __( 'Keep the result for review (before/after) instead of writing it; ReviewedResult::apply() writes it later.', 'iacp' ),
				),
			),
		);
	}

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
	 * Meta keys the type may write.
	 *
	 * @return list<string>
	 */
	public static function allowed_meta_keys(): array {
		/**
		 * Meta keys a post_field job may write (field "meta:<key>"). Default: none.
		 *
		 * @param list<string> $keys Allowed keys.
		 */
		return array_values( array_map( 'strval', (array) apply_filters( 'iacp_post_field_meta_keys', array() ) ) );
	}

	/**
	 * Refuses a field the post cannot have refined (400 naming input.field), then adds the field's current value as
	 * `original`; any value a client sent is replaced. Called when the job is queued (the editor has saved the
	 * user's value just before).
	 *
	 * @param array<string, mixed> $input   Validated input.
	 * @param int|null             $post_id The job's post.
	 * @return array<string, mixed>|\WP_Error
	 */
	public function prepare_input( array $input, ?int $post_id ): array|\WP_Error {
		unset( $input['original'] );
		if ( null === $post_id || ! get_post( $post_id ) ) {
			return new \WP_Error(
				'iacp_invalid_post',
				__( 'This job needs an existing post.', 'iacp' ),
				array(
					'status' => 400,
					'field'  => 'post_id',
				)
			);
		}
		$field   = (string) ( $input['field'] ?? '' );
		$allowed = $this->fields->check( $post_id, $field, get_current_user_id() > 0 ? get_current_user_id() : null );
		if ( $allowed instanceof \WP_Error ) {
			return $allowed;
		}
		$input['original'] = PostFieldValue::read( $post_id, $field );
		return $input;
	}

	public function handle( Job $job, JobContext $context ): array {
		$field       = (string) ( $job->input['field'] ?? '' );
		$instruction = trim( (string) ( $job->input['instruction'] ?? '' ) );
		if ( '' === $instruction ) {
			// The editor's one-click "Improve excerpt/title with AI" sends no instruction.
			$instruction = __( 'Make it clearer and more engaging. Keep its meaning, language and approximate length.', 'iacp' );
		}
		$post = null === $job->post_id ? null : get_post( $job->post_id );
		if ( null === $post ) {
			throw new PermanentJobError( __( 'This job needs an existing post.', 'iacp' ), 'post_not_found' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
		// Checked before paying for the AI, and again right before the write.
		OwnerPermission::require_edit_post( $job );
		$this->require_field( $job, $post->ID, $field );
		$original = QueuedValue::of( $job, $context, static fn(): string => PostFieldValue::read( $post->ID, $field ) );

		$context->progress( 10, __( 'Asking the AI', 'iacp' ) );
		$answer = $this->provider->chat(
			$this->messages( $post, $field, $original, $instruction ),
			array( 'timeout' => (float) $this->time_limit() ),
			static function ( string $text ) use ( $context ): void {
				$context->partial_output( $text );
				$context->heartbeat();
			}
		);
		$context->add_token_usage( $answer->prompt_tokens, $answer->completion_tokens );
		$suggestion = PostFieldValue::clean( $field, $answer->text );
		if ( '' === $suggestion ) {
			throw new PermanentJobError( __( 'The AI returned an empty value.', 'iacp' ), 'empty_output' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}

		$result = array(
			'field'      => $field,
			'applied'    => false,
			'suggestion' => $suggestion,
			'original'   => $original,
			'before'     => $original,
			'after'      => $suggestion,
		);
		if ( ! empty( $job->input['review'] ) ) {
			// Review mode writes nothing; ReviewedResult::apply() does, later, by the same rule.
			$result['review'] = true;
			return $result;
		}

		$context->progress( 90, __( 'Saving', 'iacp' ) );
		OwnerPermission::require_edit_post( $job );
		$this->require_field( $job, $post->ID, $field );
		$result['applied'] = PostFieldValue::compare_and_set( $post->ID, $field, $original, $suggestion );
		if ( ! $result['applied'] ) {
			$result['reason'] = 'newer_edit';
		}
		return $result;
	}

	/**
	 * Fails the job (nothing written) unless the field is still refinable and its owner may still edit it.
	 */
	private function require_field( Job $job, int $post_id, string $field ): void {
		$allowed = $this->fields->check( $post_id, $field, $job->user_id );
		if ( $allowed instanceof \WP_Error ) {
			throw new PermanentJobError( __( 'This field may not be changed by AI jobs.', 'iacp' ), 'field_not_allowed', $allowed->get_error_message() ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
	}

	/**
	 * @return list<array{role: string, content: string}>
	 */
	private function messages( \WP_Post $post, string $field, string $original, string $instruction ): array {
		$label = match ( $field ) {
			'title' => 'the post title (one line, no quotes)',
			'excerpt' => 'the post excerpt (one or two sentences of plain text)',
			default => sprintf( 'the custom field "%s" (plain text)', substr( $field, 5 ) ),
		};
		$content = mb_substr( trim( (string) preg_replace( '/\s+/', ' ', wp_strip_all_tags( strip_shortcodes( $post->post_content ) ) ) ), 0, 4000 );
		return array(
			array(
				'role'    => 'system',
				'content' => sprintf( 'You refine %s of a WordPress post. Answer with the new value only: no preamble, no explanation.', $label ),
			),
			array(
				'role'    => 'user',
				'content' => $instruction . "\n\nCurrent value:\n" . $original . "\n\nPost title: " . $post->post_title . "\n\nPost content:\n" . $content,
			),
		);
	}
}
