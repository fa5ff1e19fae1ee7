<?php
/**
 * `text`: writes, rewrites, shortens, expands, summarises, corrects, re-tones or translates text, streaming the
 * answer into the job's partial output; the result carries the text, safe HTML and block markup.
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
use IACP\Providers\AiProvider;
use IACP\Security\Capabilities;
use IACP\Settings\Settings;

final class TextJobHandler implements JobHandler, DeclaresCapability {

	public const TYPE = 'text';

	public const MODES = array( 'generate', 'rewrite', 'shorten', 'expand', 'summarize', 'fix_grammar', 'change_tone', 'translate' );

	private const WORDS = array(
		'short'  => 100,
		'medium' => 300,
		'long'   => 700,
	);

	public function __construct(
		private readonly AiProvider $provider,
		private readonly Settings $settings,
		private readonly TextFormatter $formatter
	) {}

	/**
	 * `prompt` is required for generate, `text` for every other mode, plus `language` for translate and `tone`
	 * for change_tone: expressed with anyOf branches, which rest_validate_value_from_schema() checks.
	 */
	public function input_schema(): array {
		$max         = max( 100, $this->settings->int( 'max_prompt_chars' ) );
		$text_modes  = array_values( array_diff( self::MODES, array( 'generate', 'translate', 'change_tone' ) ) );
		$mode_branch = static fn( array $modes, array $required ): array => array(
			'properties' => array(
				'mode' => array(
					'type' => 'string',
					'enum' => $modes,
				),
			),
			'required'   => array_merge( array( 'mode' ), $required ),
		);
		return array(
			'type'                 => 'object',
			'additionalProperties' => false,
			'required'             => array( 'mode' ),
			'properties'           => array(
				'mode'     => array(
					'type'        => 'string',
					'enum'        => self::MODES,
					'description' => __( 'What to do.', 'iacp' ),
				),
				'prompt'   => array(
					'type'        => 'string',
					'minLength'   => 1,
					'maxLength'   => $max,
					'description' => __( 'What to write (generate).', 'iacp' ),
				),
				'text'     => array(
					'type'        => 'string',
					'minLength'   => 1,
					'maxLength'   => $max,
					'description' => __( 'The source text (every mode but generate).', 'iacp' ),
				),
				'tone'     => array(
					'type'        => 'string',
					'minLength'   => 1,
					'maxLength'   => 60,
					'description' => __( 'Tone, e.g. "friendly" (change_tone; optional elsewhere).', 'iacp' ),
				),
				'language' => array(
					'type'        => 'string',
					'minLength'   => 2,
					'maxLength'   => 60,
					'description' => __( 'Target language, e.g. "German" or "de" (translate; optional elsewhere).', 'iacp' ),
				),
				'length'   => array(
					'type'        => 'string',
					'enum'        => array_keys( self::WORDS ),
					'description' => __( 'Rough length of the answer.', 'iacp' ),
				),
			),
			'anyOf'                => array(
				$mode_branch( array( 'generate' ), array( 'prompt' ) ),
				$mode_branch( array( 'translate' ), array( 'text', 'language' ) ),
				$mode_branch( array( 'change_tone' ), array( 'text', 'tone' ) ),
				$mode_branch( $text_modes, array( 'text' ) ),
			),
		);
	}

	public function capability(): string {
		return Capabilities::GENERATE_TEXT;
	}

	public function time_limit(): int {
		return 180;
	}

	public function default_max_attempts(): int {
		return 3;
	}

	public function handle( Job $job, JobContext $context ): array {
		$input = $job->input;
		$mode  = (string) ( $input['mode'] ?? '' );
		$this->check( $input, $mode );

		$context->progress( 10, __( 'Writing', 'iacp' ) );
		$result = $this->provider->chat(
			$this->messages( $input, $mode ),
			array( 'timeout' => (float) $this->time_limit() ),
			static function ( string $text_so_far ) use ( $context ): void {
				$context->partial_output( $text_so_far );
				$context->heartbeat();
			}
		);
		$context->add_token_usage( $result->prompt_tokens, $result->completion_tokens );

		$text = trim( $result->text );
		if ( '' === $text ) {
			throw new PermanentJobError( __( 'The AI returned no text.', 'iacp' ), 'empty_output' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
		$context->progress( 95, __( 'Formatting', 'iacp' ) );
		$formatted = $this->formatter->format( $text );
		return array(
			'mode'          => $mode,
			'text'          => $text,
			'html'          => $formatted['html'],
			'blocks'        => $formatted['blocks'],
			'finish_reason' => $result->finish_reason,
		);
	}

	/**
	 * Input that bypassed the schema (an old job, a direct insert) still fails clearly.
	 *
	 * @param array<string, mixed> $input Job input.
	 */
	private function check( array $input, string $mode ): void {
		if ( ! in_array( $mode, self::MODES, true ) ) {
			throw new PermanentJobError( __( 'Unknown text mode.', 'iacp' ), 'invalid_input' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
		$field = 'generate' === $mode ? 'prompt' : 'text';
		if ( '' === trim( (string) ( $input[ $field ] ?? '' ) ) ) {
			/* translators: %s: input field name. */
			throw new PermanentJobError( sprintf( __( 'The job needs a "%s".', 'iacp' ), $field ), 'invalid_input' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
	}

	/**
	 * The system and user messages for a mode.
	 *
	 * @param array<string, mixed> $input Job input.
	 * @return list<array{role: string, content: string}>
	 */
	public function messages( array $input, string $mode ): array {
		$tone     = trim( (string) ( $input['tone'] ?? '' ) );
		$language = trim( (string) ( $input['language'] ?? '' ) );
		$length   = (string) ( $input['length'] ?? '' );
		$source   = (string) ( $input['text'] ?? '' );

		$system = 'You are a careful writing assistant for a WordPress website. Answer with the requested text only: no preamble, no comments, no surrounding quotes. Separate paragraphs with a blank line; use "## " headings and "- " lists only where they help.';
		$rules  = array();
		if ( '' !== $tone && 'change_tone' !== $mode ) {
			$rules[] = sprintf( 'Use a %s tone.', $tone );
		}
		if ( '' !== $language && 'translate' !== $mode ) {
			$rules[] = sprintf( 'Write in %s.', $language );
		} elseif ( 'translate' !== $mode ) {
			$rules[] = 'Write in the language of the source text or request.';
		}
		if ( isset( self::WORDS[ $length ] ) ) {
			$rules[] = sprintf( 'Aim for about %d words.', self::WORDS[ $length ] );
		}

		$user = match ( $mode ) {
			'generate' => (string) ( $input['prompt'] ?? '' ),
			'rewrite' => "Rewrite the following text so it reads better, keeping its meaning:\n\n" . $source,
			'shorten' => "Shorten the following text, keeping the essential points:\n\n" . $source,
			'expand' => "Expand the following text with more detail and explanation, in the same style:\n\n" . $source,
			'summarize' => "Summarize the following text:\n\n" . $source,
			'fix_grammar' => "Correct spelling, grammar and punctuation in the following text. Change nothing else:\n\n" . $source,
			'change_tone' => sprintf( "Rewrite the following text in a %s tone, keeping its meaning:\n\n", $tone ) . $source,
			default => sprintf( "Translate the following text into %s. Keep the formatting:\n\n", $language ) . $source,
		};
		if ( array() !== $rules ) {
			$system .= ' ' . implode( ' ', $rules );
		}
		return array(
			array(
				'role'    => 'system',
				'content' => $system,
			),
			array(
				'role'    => 'user',
				'content' => $user,
			),
		);
	}
}
