<?php
/**
 * The JobContext a handler gets, as the executor built it, plus metering: every token count the handler reports
 * goes into the usage ledger at once, and what was streamed but never reported (a cancel or a timeout mid-stream, a
 * provider that sends no usage) is estimated when the attempt ends — the partial text stays readable, so it is paid
 * for.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Usage;

use IACP\Jobs\Job;
use IACP\Jobs\JobContext;

final class MeteredJobContext implements JobContext {

	/** Characters of earlier streams in this attempt not covered by a report. */
	private int $banked_chars = 0;

	/** Characters of the current stream so far. */
	private int $stream_chars = 0;

	/** Streams in this attempt not covered by a report (each sent the prompt once). */
	private int $streams = 0;

	private bool $settled = false;

	public function __construct(
		private readonly JobContext $inner,
		private readonly Job $job,
		private readonly UsageLedger $ledger
	) {}

	public function progress( int $percent, ?string $stage = null ): void {
		$this->inner->progress( $percent, $stage );
	}

	public function partial_output( string $output ): void {
		$length = mb_strlen( $output );
		if ( 0 === $this->streams || $length < $this->stream_chars ) {
			// Text so far shrank: a new request started; the last one's text is banked.
			$this->banked_chars += $this->stream_chars;
			$this->stream_chars  = 0;
			++$this->streams;
		}
		$this->stream_chars = max( $this->stream_chars, $length );
		$this->inner->partial_output( $output );
	}

	public function heartbeat(): void {
		$this->inner->heartbeat();
	}

	public function is_cancel_requested(): bool {
		return $this->inner->is_cancel_requested();
	}

	public function log( string $message, array $data = array() ): void {
		$this->inner->log( $message, $data );
	}

	/**
	 * Into the ledger first: the tokens are spent even if this worker has lost the job meanwhile.
	 */
	public function add_token_usage( int $prompt_tokens, int $completion_tokens ): void {
		if ( $prompt_tokens + $completion_tokens > 0 ) {
			$this->ledger->record_tokens( $this->job->user_id, $this->job->id, $this->job->type, $this->attempt(), $prompt_tokens, $completion_tokens, false );
			$this->banked_chars = 0;
			$this->stream_chars = 0;
			$this->streams      = 0;
		}
		$this->inner->add_token_usage( $prompt_tokens, $completion_tokens );
	}

	public function checkpoint( array $values ): void {
		$this->inner->checkpoint( $values );
	}

	public function attempt(): int {
		return $this->inner->attempt();
	}

	/**
	 * Ends the attempt's metering (once, whatever the handler did): charges an estimate for streamed text nobody
	 * reported — the prompt (from the job's input) once per stream and a token per four characters received — to
	 * the ledger, and to the job's own counters while the lease allows. Never throws: it runs on the way out.
	 */
	public function settle(): void {
		if ( $this->settled ) {
			return;
		}
		$this->settled = true;
		$characters    = $this->banked_chars + $this->stream_chars;
		if ( 0 === $characters ) {
			return;
		}
		$prompt     = TokenEstimate::of_input( $this->job->input ) * $this->streams;
		$completion = TokenEstimate::of_text( $characters );
		$this->ledger->record_tokens( $this->job->user_id, $this->job->id, $this->job->type, $this->attempt(), $prompt, $completion, true );
		try {
			$this->inner->add_token_usage( $prompt, $completion );
			$this->inner->log(
				'Tokens estimated from the streamed text (the provider reported none for it).',
				array(
					'prompt_tokens'     => $prompt,
					'completion_tokens' => $completion,
					'characters'        => $characters,
				)
			);
		} catch ( \Throwable $e ) {
			// The job is no longer this worker's (or the database went away): the ledger has the spend.
			unset( $e );
		}
	}
}
