<?php
/**
 * An AI provider the job types talk to. Every method throws RetryableJobError or PermanentJobError on failure
 * (DeferJob when a shared limit says wait), never a WP_Error.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

interface AiProvider {

	/**
	 * One chat completion. With $on_delta the answer is streamed where the provider can, and $on_delta receives the
	 * text so far at most every ~250 ms (and once at the end).
	 *
	 * @param list<array{role: string, content: string|list<array<string, mixed>>}> $messages Conversation; a content may be
	 *        a list of content parts (`text`, and `image_url` with a base64 data URL for a vision model).
	 * @param array{model?: string, max_tokens?: int, temperature?: float, timeout?: float} $options Request options; `timeout` is
	 *        the longest the call may take (the job's time limit), for providers without a timeout setting of their own.
	 * @param (callable(string): void)|null $on_delta Receives the text so far.
	 */
	public function chat( array $messages, array $options = array(), ?callable $on_delta = null ): ChatResult;

	/**
	 * Generates $count images of $size ("1024x1024") for a prompt.
	 *
	 * @param array{timeout?: float} $options Request options.
	 */
	public function images( string $prompt, string $size, int $count, array $options = array() ): ImageBatch;

	/**
	 * Model ids the provider offers (the settings screen's "test connection").
	 *
	 * @return list<string>
	 */
	public function models(): array;
}
