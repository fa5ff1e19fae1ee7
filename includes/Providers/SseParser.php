<?php
/**
 * Reads an OpenAI-style server-sent-events chat stream chunk by chunk, as the bytes arrive.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

final class SseParser {

	private string $buffer = '';

	private string $text = '';

	private int $prompt_tokens = 0;

	private int $completion_tokens = 0;

	private ?string $finish_reason = null;

	private bool $done = false;

	private bool $saw_event = false;

	private int $malformed = 0;

	/**
	 * Feeds raw body bytes; returns true when the text grew.
	 */
	public function feed( string $bytes ): bool {
		$this->buffer .= $bytes;
		$grew          = false;
		while ( false !== ( $end = strpos( $this->buffer, "\n" ) ) ) { // phpcs:ignore WordPress.CodeAnalysis.AssignmentInCondition.FoundInWhileCondition -- one line of the stream per turn.
			$line         = rtrim( substr( $this->buffer, 0, $end ), "\r" );
			$this->buffer = substr( $this->buffer, $end + 1 );
			$grew         = $this->line( $line ) || $grew;
		}
		return $grew;
	}

	/**
	 * Handles a last line without a newline.
	 */
	public function finish(): void {
		if ( '' !== trim( $this->buffer ) ) {
			$this->line( rtrim( $this->buffer, "\r" ) );
		}
		$this->buffer = '';
	}

	private function line( string $line ): bool {
		if ( ! str_starts_with( $line, 'data:' ) ) {
			return false; // Blank separators, comments (": keep-alive"), event:/id: fields.
		}
		$this->saw_event = true;
		$payload         = trim( substr( $line, 5 ) );
		if ( '[DONE]' === $payload ) {
			$this->done = true;
			return false;
		}
		$chunk = json_decode( $payload, true );
		if ( ! is_array( $chunk ) ) {
			++$this->malformed;
			return false;
		}
		if ( is_array( $chunk['usage'] ?? null ) ) {
			$this->prompt_tokens     = (int) ( $chunk['usage']['prompt_tokens'] ?? 0 );
			$this->completion_tokens = (int) ( $chunk['usage']['completion_tokens'] ?? 0 );
		}
		$grew = false;
		foreach ( (array) ( $chunk['choices'] ?? array() ) as $choice ) {
			if ( ! is_array( $choice ) || 0 !== (int) ( $choice['index'] ?? 0 ) ) {
				continue;
			}
			$content = $choice['delta']['content'] ?? null;
			if ( is_string( $content ) && '' !== $content ) {
				$this->text .= $content;
				$grew        = true;
			}
			if ( is_string( $choice['finish_reason'] ?? null ) ) {
				$this->finish_reason = $choice['finish_reason'];
			}
		}
		return $grew;
	}

	public function text(): string {
		return $this->text;
	}

	public function saw_event(): bool {
		return $this->saw_event;
	}

	/**
	 * Whether the stream ended properly ([DONE] or a finish reason), rather than breaking off.
	 */
	public function is_complete(): bool {
		return $this->done || null !== $this->finish_reason;
	}

	public function malformed_count(): int {
		return $this->malformed;
	}

	public function result(): ChatResult {
		return new ChatResult( $this->text, $this->prompt_tokens, $this->completion_tokens, $this->finish_reason );
	}
}
