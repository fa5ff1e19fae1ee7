<?php
/**
 * An image job asks only for what the configured image model makes: the capability table (with its filter and the
 * safe subset for unknown models), the 400 naming the field when a size or count is out of the model's reach (REST
 * and the PHP API alike, nothing stored), and the image dialog's choices from the same table.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\JobTypes;

use IACP\Assets\EditorAssets;
use IACP\Providers\ImageModelCapabilities;
use IACP\Settings\Settings;
use IACP\Tests\IntegrationTestCase;

final class ImageModelContractTest extends IntegrationTestCase {

	/** @var mixed Settings before the test. */
	private mixed $saved_settings;

	protected function setUp(): void {
		parent::setUp();
		$this->saved_settings = get_option( Settings::OPTION );
	}

	protected function tearDown(): void {
		update_option( Settings::OPTION, $this->saved_settings, false );
		parent::tearDown();
	}

	/**
	 * @return array<string, array{string, list<string>, int, ?bool, bool}>
	 */
	public function models(): array {
		return array(
			'gpt-image-1'             => array( 'gpt-image-1', array( '1024x1024', '1536x1024', '1024x1536' ), 4, false, true ),
			'a dated gpt-image-1'     => array( 'gpt-image-1-2025-04-23', array( '1024x1024', '1536x1024', '1024x1536' ), 4, false, true ),
			'gpt-image-1 via a proxy' => array( 'openai/gpt-image-1', array( '1024x1024', '1536x1024', '1024x1536' ), 4, false, true ),
			'gpt-image-1-mini'        => array( 'gpt-image-1-mini', array( '1024x1024', '1536x1024', '1024x1536' ), 4, false, true ),
			'dall-e-3'                => array( 'dall-e-3', array( '1024x1024', '1792x1024', '1024x1792' ), 1, true, true ),
			'dall-e-2'                => array( 'dall-e-2', array( '256x256', '512x512', '1024x1024' ), 4, true, true ),
			'the test server model'   => array( 'iacp-image-1', ImageModelCapabilities::ALL_SIZES, 4, true, true ),
			'an unknown model'        => array( 'flux-schnell', array( '1024x1024' ), 1, null, false ),
		);
	}

	/**
	 * @dataProvider models
	 * @param list<string> $sizes Expected sizes.
	 */
	public function test_the_table_says_what_each_model_makes( string $model, array $sizes, int $count, ?bool $response_format, bool $known ): void {
		$spec = ImageModelCapabilities::for_model( $model );
		$this->assertSame( array( $sizes, $count, $response_format, $known ), array( $spec->sizes, $spec->max_count, $spec->response_format, $spec->known ) );
	}

	public function test_the_filter_corrects_an_entry_within_what_the_plugin_knows(): void {
		$filter = static fn( array $caps, string $model ): array => 'my-local-sd' === $model
			? array(
				'sizes'           => array( '512x512', '640x480', '1024x1024' ),
				'max_count'       => 9,
				'response_format' => true,
			)
			: $caps;
		add_filter( 'iacp_image_model_capabilities', $filter, 10, 2 );
		try {
			$spec = ImageModelCapabilities::for_model( 'my-local-sd' );
		} finally {
			remove_filter( 'iacp_image_model_capabilities', $filter, 10 );
		}
		$this->assertSame( array( '512x512', '1024x1024' ), $spec->sizes, 'a size the plugin does not know is dropped' );
		$this->assertSame( 4, $spec->max_count, 'no more than four images per job' );
		$this->assertTrue( $spec->response_format );
	}

	public function test_a_size_the_model_cannot_make_is_a_400_naming_the_field_and_stores_nothing(): void {
		( new Settings() )->update( array( 'image_model' => 'gpt-image-1' ) );
		wp_set_current_user( $this->user( 'author' ) );

		$small = $this->start( array( 'size' => '512x512' ) );
		$this->assertSame( 400, $small->get_status() );
		$this->assertSame( 'size', $small->get_data()['data']['field'] ?? null );
		$this->assertStringContainsString( '1536x1024', $small->get_data()['message'], 'the error lists what the model makes' );

		$php = iacp_enqueue_job( 'image', array( 'prompt' => 'A kite', 'size' => '1792x1024' ) );
		$this->assertWPError( $php, 'the PHP API refuses it too' );
		$this->assertSame( 'size', $php->get_error_data()['field'] ?? null );

		$this->assertSame( 202, $this->start( array( 'size' => '1536x1024', 'count' => 2 ) )->get_status(), 'a size it makes' );
		$this->assertSame( 1, $this->count_jobs(), 'only the valid job was stored' );
	}

	public function test_one_image_per_job_for_dall_e_3_and_its_default_size_is_square(): void {
		( new Settings() )->update( array( 'image_model' => 'dall-e-3' ) );
		wp_set_current_user( $this->user( 'author' ) );

		$two = $this->start( array( 'count' => 2 ) );
		$this->assertSame( 400, $two->get_status() );
		$this->assertSame( 'count', $two->get_data()['data']['field'] ?? null );

		$this->assertSame( 202, $this->start( array() )->get_status() );
		$schema = iacp()->job_types()->get( 'image' )?->input_schema() ?? array();
		$this->assertSame( '1024x1024', $schema['properties']['size']['default'] ?? null );
	}

	public function test_the_image_dialog_offers_what_the_model_makes(): void {
		wp_set_current_user( $this->user( 'author' ) );
		$assets = new EditorAssets( iacp()->asset_loader(), iacp()->job_access(), iacp()->image_model( ... ) );

		( new Settings() )->update( array( 'image_model' => 'dall-e-3' ) );
		$settings = $assets->settings();
		$this->assertSame( array( array( '1024x1024', '1792x1024', '1024x1792' ), 1, '1024x1024' ), array( $settings['imageSizes'], $settings['imageMaxCount'], $settings['imageDefaultSize'] ) );

		( new Settings() )->update( array( 'image_model' => 'dall-e-2' ) );
		$this->assertSame( array( '256x256', '512x512', '1024x1024' ), $assets->settings()['imageSizes'] );
		$this->assertSame( 4, $assets->settings()['imageMaxCount'] );
	}

	/**
	 * @param array<string, mixed> $input Image input besides the prompt.
	 */
	private function start( array $input ): \WP_REST_Response {
		return $this->rest(
			'POST',
			'/iacp/v1/jobs',
			array(
				'type'  => 'image',
				'input' => array( 'prompt' => 'A kite over the sea' ) + $input,
			)
		);
	}

	/**
	 * @param mixed $value Value.
	 */
	private function assertWPError( $value, string $message = '' ): void {
		$this->assertInstanceOf( \WP_Error::class, $value, $message );
	}
}
