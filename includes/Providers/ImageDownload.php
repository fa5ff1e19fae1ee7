<?php
/**
 * Downloads an image the provider returned as a URL, which is the provider's word, not the admin's:
 * - https to a public address only, through wp_safe_remote_get(), with the address checked here pinned for the
 *   connection (no loopback, private, link-local/metadata or reserved address, also not after a DNS change);
 * - the one exception is a provider the admin set on a local address (Ollama, LM Studio, the test AI server):
 *   its own host may be fetched, over http too;
 * - redirects only within the same host, each hop checked again;
 * - streamed to a temporary file with a size cap, never held in memory, and sniffed before anyone uses it.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Providers;

use IACP\Jobs\PermanentJobError;
use IACP\Jobs\RetryableJobError;

final class ImageDownload {

	/** Largest image accepted, in bytes (filter `iacp_image_download_max_bytes`). */
	public const MAX_BYTES = 20 * 1024 * 1024;

	private const MAX_HOPS = 3;

	/**
	 * @param string $base_url The provider's base URL as the admin set it.
	 * @param float  $timeout  Seconds for each request.
	 */
	public function __construct(
		private readonly string $base_url,
		private readonly float $timeout
	) {}

	public function fetch( string $url, ?string $revised_prompt = null ): GeneratedImage {
		$file = GeneratedImage::temporary_file();
		try {
			$this->download_to( $url, $file );
		} catch ( \Throwable $error ) {
			wp_delete_file( $file );
			throw $error;
		}
		return GeneratedImage::from_file( $file, $revised_prompt );
	}

	/**
	 * The largest download accepted, in bytes.
	 */
	public static function max_bytes(): int {
		/**
		 * Filters the largest image the site downloads from a URL the AI provider returned.
		 *
		 * @param int $bytes Default 20 MB.
		 */
		return max( 1, (int) apply_filters( 'iacp_image_download_max_bytes', self::MAX_BYTES ) );
	}

	private function download_to( string $url, string $file ): void {
		$max  = self::max_bytes();
		$host = strtolower( (string) wp_parse_url( $url, PHP_URL_HOST ) );
		for ( $hop = 0; $hop <= self::MAX_HOPS; $hop++ ) {
			$too_large = false;
			$response  = $this->get( $url, $file, $this->check( $url ), $max, $too_large );
			if ( $too_large || ( ! is_wp_error( $response ) && (int) filesize( $file ) > $max ) ) {
				// phpcs:disable WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
				throw new PermanentJobError(
					__( 'The AI provider returned an image larger than this site accepts.', 'iacp' ),
					'image_too_large',
					sprintf( 'over %d bytes: %s', $max, $url )
				);
				// phpcs:enable
			}
			if ( is_wp_error( $response ) ) {
				throw ProviderErrors::from_transport( $response, false ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
			}
			$status = (int) wp_remote_retrieve_response_code( $response );
			if ( $status >= 300 && $status < 400 ) {
				$location = (string) wp_remote_retrieve_header( $response, 'location' );
				$next     = '' === $location ? '' : \WP_Http::make_absolute_url( $location, $url );
				if ( '' === $next || strtolower( (string) wp_parse_url( $next, PHP_URL_HOST ) ) !== $host ) {
					throw $this->refused( $url, 'redirect to another host: ' . $next ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
				}
				$url = $next;
				continue;
			}
			if ( 200 !== $status ) {
				/* translators: %d: HTTP status code. */
				throw new RetryableJobError( sprintf( __( 'The generated image could not be downloaded from the AI provider (HTTP %d); the job will try again.', 'iacp' ), $status ), null, 'provider_bad_response', $url ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
			}
			return;
		}
		throw $this->refused( $url, 'too many redirects' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
	}

	/**
	 * Checks one address; returns the IP to connect to (pinned), or null for the admin's own local provider host.
	 */
	private function check( string $url ): ?string {
		$parts  = wp_parse_url( $url );
		$scheme = strtolower( (string) ( $parts['scheme'] ?? '' ) );
		$host   = strtolower( (string) ( $parts['host'] ?? '' ) );
		if ( ! in_array( $scheme, array( 'http', 'https' ), true ) || '' === $host || isset( $parts['user'] ) || isset( $parts['pass'] ) ) {
			throw $this->refused( $url, 'not an http(s) URL without credentials' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
		$local_provider = $this->local_provider_host();
		if ( null !== $local_provider && $host === $local_provider ) {
			return null;
		}
		if ( 'https' !== $scheme ) {
			throw $this->refused( $url, 'https only' ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
		$ip = self::resolve( $host );
		if ( null === $ip || ! self::is_public( $ip ) || false === wp_http_validate_url( $url ) ) {
			throw $this->refused( $url, 'not a public address: ' . ( $ip ?? 'unresolved' ) ); // phpcs:ignore WordPress.Security.EscapeOutput.ExceptionNotEscaped -- a job's error: stored as data, escaped where it is shown.
		}
		return $ip;
	}

	/**
	 * One GET streamed to $file, no redirects followed. With an IP it is wp_safe_remote_get() connecting to that
	 * address (a DNS answer that changes after the check cannot lead it elsewhere); without, the admin's local
	 * provider host. The transfer is aborted as soon as it passes $max bytes.
	 *
	 * @param bool $too_large Set when the transfer was aborted for its size.
	 * @return array<string, mixed>|\WP_Error
	 */
	private function get( string $url, string $file, ?string $ip, int $max, bool &$too_large ): array|\WP_Error {
		$marker  = wp_generate_uuid4();
		$args    = array(
			'timeout'             => $this->timeout,
			'redirection'         => 0,
			'stream'              => true,
			'filename'            => $file,
			// One byte over the cap tells a file at the cap from a larger one cut short.
			'limit_response_size' => $max + 1,
			'iacp_request'        => $marker,
		);
		$host    = (string) wp_parse_url( $url, PHP_URL_HOST );
		$port    = (int) ( wp_parse_url( $url, PHP_URL_PORT ) ?? 443 );
		$on_curl = static function ( $handle, $request_args ) use ( $marker, $host, $port, $ip, $max, &$too_large ): void {
			if ( ! is_array( $request_args ) || ( $request_args['iacp_request'] ?? null ) !== $marker || ! $handle instanceof \CurlHandle ) {
				return;
			}
			if ( null !== $ip ) {
				curl_setopt( $handle, CURLOPT_RESOLVE, array( "{$host}:{$port}:{$ip}" ) ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- an option the HTTP API has no argument for, set on the handle it passes to http_api_curl.
			}
			// The size limit of the HTTP API only stops writing; this stops the transfer.
			curl_setopt( $handle, CURLOPT_NOPROGRESS, false ); // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- an option the HTTP API has no argument for, set on the handle it passes to http_api_curl.
			curl_setopt( // phpcs:ignore WordPress.WP.AlternativeFunctions.curl_curl_setopt -- an option the HTTP API has no argument for, set on the handle it passes to http_api_curl.
				$handle,
				CURLOPT_XFERINFOFUNCTION,
				static function ( $curl, $total, $received ) use ( $max, &$too_large ): int {
					$too_large = $too_large || $received > $max;
					return $too_large ? 1 : 0;
				}
			);
		};
		add_action( 'http_api_curl', $on_curl, 10, 2 );
		try {
			return null === $ip ? wp_remote_get( $url, $args ) : wp_safe_remote_get( $url, $args );
		} finally {
			remove_action( 'http_api_curl', $on_curl, 10 );
		}
	}

	/**
	 * The base URL's host when the admin pointed the provider at a local address; null for a public provider.
	 */
	private function local_provider_host(): ?string {
		$host = strtolower( (string) wp_parse_url( $this->base_url, PHP_URL_HOST ) );
		if ( '' === $host ) {
			return null;
		}
		if ( 'localhost' === $host || str_ends_with( $host, '.localhost' ) ) {
			return $host;
		}
		$ip = self::resolve( $host );
		return null !== $ip && ! self::is_public( $ip ) ? $host : null;
	}

	/**
	 * The host's IPv4 address (an IP literal as it is); null when it does not resolve.
	 */
	private static function resolve( string $host ): ?string {
		$host = trim( $host, '[]' );
		if ( false !== filter_var( $host, FILTER_VALIDATE_IP ) ) {
			return $host;
		}
		$ip = gethostbyname( $host );
		return $ip === $host ? null : $ip;
	}

	/**
	 * Whether an IP is a public unicast address: not loopback, private, link-local (cloud metadata), shared
	 * (100.64/10) or reserved.
	 */
	private static function is_public( string $ip ): bool {
		if ( false === filter_var( $ip, FILTER_VALIDATE_IP, FILTER_FLAG_NO_PRIV_RANGE | FILTER_FLAG_NO_RES_RANGE ) ) {
			return false;
		}
		if ( false !== filter_var( $ip, FILTER_VALIDATE_IP, FILTER_FLAG_IPV4 ) ) {
			$long = (int) ip2long( $ip );
			foreach ( array( '100.64.0.0/10', '169.254.0.0/16', '192.0.0.0/24', '198.18.0.0/15', '224.0.0.0/3' ) as $range ) {
				[ $network, $bits ] = explode( '/', $range );
				$mask               = -1 << ( 32 - (int) $bits );
				if ( ( $long & $mask ) === ( (int) ip2long( $network ) & $mask ) ) {
					return false;
				}
			}
		}
		return true;
	}

	private function refused( string $url, string $why ): PermanentJobError {
		return new PermanentJobError(
			__( 'The AI provider returned an image address this site does not download from.', 'iacp' ),
			'image_download_refused',
			$why . ' (' . mb_substr( $url, 0, 300 ) . ')'
		);
	}
}
