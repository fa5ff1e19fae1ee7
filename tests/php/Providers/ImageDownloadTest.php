<?php
/**
 * Images the provider returns as URLs: only from a public https address, or from the admin's own local provider
 * host; no redirect to another host; a size cap on a stream to a temporary file; only PNG, JPEG, WebP or GIF.
 * A second local listener stands for "a private address": it must never be asked.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Tests\Providers;

use IACP\Jobs\PermanentJobError;
use IACP\Jobs\RetryableJobError;
use IACP\Providers\ImageDownload;
use IACP\Providers\OpenAiCompatibleProvider;
use IACP\Providers\ProviderConfig;

final class ImageDownloadTest extends AiServerTestCase {

	/** The provider, on "localhost": a local base URL the admin chose. */
	private HeaderRecorder $provider_host;

	/** Another local address the provider names: must never be fetched. */
	private HeaderRecorder $private_host;

	protected function setUp(): void {
		parent::setUp();
		$this->provider_host = new HeaderRecorder( '', '', 'localhost' );
		$this->private_host  = new HeaderRecorder();
	}

	protected function tearDown(): void {
		$this->provider_host->stop();
		$this->private_host->stop();
		parent::tearDown();
	}

	private function local_provider(): OpenAiCompatibleProvider {
		$base = $this->provider_host->url( '/v1' );
		return new OpenAiCompatibleProvider( static fn(): ProviderConfig => new ProviderConfig( $base, 'test-key', 'm', 'm', 2.0, 10.0 ) );
	}

	/**
	 * Asks the provider for one image at $url and returns the error code it ends with.
	 */
	private function error_for( string $url ): string {
		try {
			$this->local_provider()->images( 'A kite image-url=' . $url, '256x256', 1 );
		} catch ( PermanentJobError | RetryableJobError $error ) {
			return $error->error_code();
		}
		$this->fail( "{$url} was accepted" );
	}

	/**
	 * Image files this process left in the temporary folder.
	 *
	 * @return list<string>
	 */
	private function temporary_images(): array {
		return glob( get_temp_dir() . 'iacp-image-*' ) ?: array();
	}

	public function test_an_image_on_the_local_providers_own_host_is_downloaded(): void {
		$batch = $this->local_provider()->images( 'A kite image-url=' . $this->provider_host->url( '/img/png' ), '256x256', 1 );

		$this->assertSame( 'image/png', $batch->images[0]->mime );
		$this->assertStringStartsWith( "\x89PNG", $batch->images[0]->bytes() );
	}

	public function test_a_provider_cannot_make_the_site_fetch_another_local_address(): void {
		$this->assertSame( 'image_download_refused', $this->error_for( $this->private_host->url( '/img/png' ) ) );
		$this->assertSame( array(), $this->private_host->requests() );
	}

	public function test_a_redirect_to_another_host_is_not_followed(): void {
		$url = $this->provider_host->url( '/redirect?to=' . rawurlencode( $this->private_host->url( '/img/png' ) ) );

		$this->assertSame( 'image_download_refused', $this->error_for( $url ) );
		$this->assertSame( array(), $this->private_host->requests() );
	}

	public function test_a_redirect_within_the_same_host_is_followed(): void {
		$url   = $this->provider_host->url( '/redirect?to=' . rawurlencode( '/img/png' ) );
		$batch = $this->local_provider()->images( 'A kite image-url=' . $url, '256x256', 1 );

		$this->assertSame( 'image/png', $batch->images[0]->mime );
	}

	public function test_an_image_over_the_size_cap_is_refused_and_leaves_no_file(): void {
		$cap = static fn(): int => 100 * 1024;
		add_filter( 'iacp_image_download_max_bytes', $cap );
		$before = $this->temporary_images();
		try {
			$this->assertSame( 'image_too_large', $this->error_for( $this->provider_host->url( '/img/big?bytes=' . ( 300 * 1024 ) ) ) );
		} finally {
			remove_filter( 'iacp_image_download_max_bytes', $cap );
		}
		$this->assertSame( $before, $this->temporary_images() );
	}

	public function test_a_large_image_streams_to_a_file_instead_of_memory(): void {
		$bytes = 12 * 1024 * 1024;
		memory_reset_peak_usage();
		$start = memory_get_usage();

		$batch = $this->local_provider()->images( 'A kite image-url=' . $this->provider_host->url( '/img/big?bytes=' . $bytes ), '256x256', 1 );

		$this->assertSame( $bytes, filesize( $batch->images[0]->file ) );
		$this->assertLessThan( 4 * 1024 * 1024, memory_get_peak_usage() - $start, 'the download never sat in memory' );
		$file = $batch->images[0]->file;
		unset( $batch );
		$this->assertFileDoesNotExist( $file, 'an image nobody took is deleted' );
	}

	public function test_content_is_sniffed_and_only_png_jpeg_webp_or_gif_is_accepted(): void {
		$this->assertSame( 'provider_bad_response', $this->error_for( $this->provider_host->url( '/img/bmp' ) ), 'a BMP served as image/png' );
		$this->assertSame( 'provider_bad_response', $this->error_for( $this->provider_host->url( '/v1/models' ) ), 'JSON is no image' );
	}

	public function test_a_public_provider_gets_https_to_public_addresses_only(): void {
		$download = new ImageDownload( 'https://api.provider.example/v1', 2.0 );
		$refused  = array(
			'http to the private listener'  => $this->private_host->url( '/img/png' ),
			'https to loopback'             => 'https://127.0.0.1:' . $this->private_host->port . '/img/png',
			'the provider host over http'   => 'http://api.provider.example/img.png',
			'cloud metadata'                => 'https://169.254.169.254/latest/meta-data/',
			'private network'               => 'https://10.1.2.3/img.png',
			'shared address space'          => 'https://100.64.0.1/img.png',
			'IPv6 loopback'                 => 'https://[::1]/img.png',
			'a name that does not resolve'  => 'https://iacp-no-such-host.invalid/img.png',
			'credentials in the URL'        => 'https://user:pass@api.provider.example/img.png',
			'another scheme'                => 'file:///etc/passwd',
		);
		foreach ( $refused as $what => $url ) {
			try {
				$download->fetch( $url );
				$this->fail( "{$what}: accepted" );
			} catch ( PermanentJobError $error ) {
				$this->assertSame( 'image_download_refused', $error->error_code(), $what );
			}
		}
		$this->assertSame( array(), $this->private_host->requests() );
	}
}
