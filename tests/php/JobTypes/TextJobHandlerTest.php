<?php
/**
 * The `text` job type against the test AI server: every mode, schema rules, streaming partial output, tokens,
 * and HTML/block output that parse_blocks() reads back.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\JobTypes;

use IACP\Jobs\JobInputValidator;
use IACP\JobTypes\TextFormatter;
use IACP\JobTypes\TextJobHandler;
use IACP\Providers\ProviderConfig;
use IACP\Settings\Settings;
use IACP\Tests\Providers\AiServerTestCase;

final class TextJobHandlerTest extends AiServerTestCase {

	private function handler(): TextJobHandler {
		return new TextJobHandler( iacp()->ai_provider(), new Settings(), new TextFormatter() );
	}

	/**
	 * @return array<string, array{array<string, string>, string}>
	 */
	public function modes(): array {
		$text = 'The river runs past the old mill and into the sea.';
		return array(
			'generate'    => array( array( 'mode' => 'generate', 'prompt' => 'Write a short note about autumn leaves falling', 'length' => 'short' ), '"Write a short note about autumn' ),
			'rewrite'     => array( array( 'mode' => 'rewrite', 'text' => $text ), '"Rewrite the following text so it' ),
			'shorten'     => array( array( 'mode' => 'shorten', 'text' => $text ), '"Shorten the following text, keeping the' ),
			'expand'      => array( array( 'mode' => 'expand', 'text' => $text ), '"Expand the following text with more' ),
			'summarize'   => array( array( 'mode' => 'summarize', 'text' => $text ), '"Summarize the following text: The river' ),
			'fix_grammar' => array( array( 'mode' => 'fix_grammar', 'text' => $text ), '"Correct spelling, grammar and punctuation in' ),
			'change_tone' => array( array( 'mode' => 'change_tone', 'text' => $text, 'tone' => 'playful' ), '"Rewrite the following text in a' ),
			'translate'   => array( array( 'mode' => 'translate', 'text' => $text, 'language' => 'German' ), '"Translate the following text into German.' ),
		);
	}

	/**
	 * @dataProvider modes
	 * @param array<string, string> $input Input.
	 */
	public function test_each_mode_builds_its_prompt_and_returns_text_html_and_blocks( array $input, string $reply_start ): void {
		$handler = $this->handler();
		$this->assertTrue( is_array( ( new JobInputValidator() )->validate( $handler->input_schema(), $input ) ), 'input valid' );
		$context = new InMemoryJobContext();

		$result = $handler->handle( InMemoryJobContext::job( 'text', $input ), $context );

		$this->assertSame( $input['mode'], $result['mode'] );
		$this->assertStringStartsWith( $reply_start, $result['text'] );
		$this->assertStringContainsString( '<p>', $result['html'] );
		$this->assertSame( 'core/paragraph', parse_blocks( $result['blocks'] )[0]['blockName'] );
		$this->assertGreaterThan( 0, $context->prompt_tokens );
		$this->assertSame( (int) ceil( mb_strlen( $result['text'] ) / 4 ), $context->completion_tokens, 'usage matches the server rule' );
		$log = $this->server_requests();
		$this->assertCount( 1, $log );
		$this->assertTrue( $log[0]['stream'], 'streamed' );
		$this->assertStringContainsString( $input['prompt'] ?? $input['text'], (string) $log[0]['prompt'] );
	}

	/**
	 * @return array<string, array{array<string, mixed>, bool}>
	 */
	public function inputs(): array {
		return array(
			'generate needs prompt'     => array( array( 'mode' => 'generate', 'text' => 'x' ), false ),
			'rewrite needs text'        => array( array( 'mode' => 'rewrite', 'prompt' => 'x' ), false ),
			'translate needs language'  => array( array( 'mode' => 'translate', 'text' => 'x' ), false ),
			'change_tone needs tone'    => array( array( 'mode' => 'change_tone', 'text' => 'x' ), false ),
			'unknown mode'              => array( array( 'mode' => 'poem', 'text' => 'x' ), false ),
			'bad length'                => array( array( 'mode' => 'shorten', 'text' => 'x', 'length' => 'huge' ), false ),
			'unknown field'             => array( array( 'mode' => 'shorten', 'text' => 'x', 'colour' => 'red' ), false ),
			'generate ok'               => array( array( 'mode' => 'generate', 'prompt' => 'x' ), true ),
			'shorten ok'                => array( array( 'mode' => 'shorten', 'text' => 'x', 'length' => 'short' ), true ),
			'translate ok'              => array( array( 'mode' => 'translate', 'text' => 'x', 'language' => 'fr' ), true ),
		);
	}

	/**
	 * @dataProvider inputs
	 * @param array<string, mixed> $input Input.
	 */
	public function test_the_schema_requires_the_right_fields_per_mode( array $input, bool $valid ): void {
		$schema = $this->handler()->input_schema();
		$this->assertSame( $valid, true === rest_validate_value_from_schema( $input, $schema, 'input' ), 'rest_validate_value_from_schema' );
		$this->assertSame( $valid, is_array( ( new JobInputValidator() )->validate( $schema, $input ) ), 'the queue validator' );
	}

	public function test_partial_output_fills_while_the_answer_streams(): void {
		$context = new InMemoryJobContext();
		$started = microtime( true );
		$result  = $this->handler()->handle( InMemoryJobContext::job( 'text', array( 'mode' => 'generate', 'prompt' => 'Tell a story [[lines:2]] [[chunk-delay:40]]' ) ), $context );
		$ended   = microtime( true );

		$this->assertGreaterThanOrEqual( 3, count( $context->partials ) );
		$this->assertLessThan( $ended - 0.3, $context->partials[0][0], 'partial output before completion' );
		$this->assertGreaterThan( $started, $context->partials[0][0] );
		$this->assertSame( $result['text'], trim( end( $context->partials )[1] ) );
		$this->assertGreaterThanOrEqual( count( $context->partials ), $context->heartbeats, 'each update also heartbeats' );
	}

	public function test_a_cancel_stops_the_stream(): void {
		$context         = new InMemoryJobContext();
		$context->cancel = true;
		$this->expectException( \IACP\Jobs\JobCancelledException::class );
		$this->handler()->handle( InMemoryJobContext::job( 'text', array( 'mode' => 'generate', 'prompt' => 'Long [[lines:5]]' ) ), $context );
	}

	public function test_markdown_becomes_headings_lists_and_paragraphs_that_round_trip(): void {
		$formatted = ( new TextFormatter() )->format( "## Plan\n\nFirst **bold** line\nsecond line\n\n- one\n- two <script>x</script>\n\n1. a\n2. b\n\n### Small" );
		$blocks    = array_values( array_filter( parse_blocks( $formatted['blocks'] ), static fn( array $b ): bool => null !== $b['blockName'] ) );

		$this->assertSame( array( 'core/heading', 'core/paragraph', 'core/list', 'core/list', 'core/heading' ), array_column( $blocks, 'blockName' ) );
		$this->assertSame( array( 'core/list-item', 'core/list-item' ), array_column( $blocks[2]['innerBlocks'], 'blockName' ) );
		$this->assertTrue( $blocks[3]['attrs']['ordered'] );
		$this->assertSame( 3, $blocks[4]['attrs']['level'] );
		$this->assertSame( $formatted['blocks'], implode( "\n\n", array_map( 'serialize_block', $blocks ) ), 'serialize(parse(x)) = x' );
		$this->assertStringContainsString( '<p>First <strong>bold</strong> line<br>second line</p>', $formatted['html'] );
		$this->assertStringNotContainsString( '<script>', $formatted['html'] );
		$this->assertStringNotContainsString( '<script>', $formatted['blocks'] );
		$this->assertStringContainsString( '<h2 class="wp-block-heading">Plan</h2>', $formatted['html'] );
	}

	public function test_provider_config_reads_the_settings(): void {
		$config = ProviderConfig::from_settings( new Settings(), new \IACP\Settings\ApiKeyStore() );
		$this->assertSame( self::ai_url(), $config->base_url );
		$this->assertSame( 'test-key', $config->api_key );
	}
}
