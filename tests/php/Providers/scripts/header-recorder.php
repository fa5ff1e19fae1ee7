<?php
/**
 * Router for `php -S`: a stand-in for hosts the plugin must or must not talk to. Every request is appended (method,
 * path, headers) as a JSON line to IACP_RECORDER_LOG, then answered by path:
 *   /v1/models                   a model list;
 *   /v1/images/generations       `url` images: every `image-url=<URL>` in the prompt;
 *   /img/png                     a small real PNG;  /img/bmp  a real BMP;  /img/big?bytes=N  a PNG header padded to N bytes;
 *   /redirect?to=URL             302 to URL;
 * and in IACP_RECORDER_MODE=redirect every request is 307-redirected to IACP_RECORDER_TARGET + path;
 * in IACP_RECORDER_MODE=echo401 every request is a 401 whose message echoes the Authorization header and a path.
 *
 * @package IACP
 */

declare( strict_types=1 );

$iacp_path    = (string) parse_url( (string) $_SERVER['REQUEST_URI'], PHP_URL_PATH );
$iacp_headers = function_exists( 'getallheaders' ) ? getallheaders() : array();
file_put_contents(
	(string) getenv( 'IACP_RECORDER_LOG' ),
	json_encode(
		array(
			'method'  => $_SERVER['REQUEST_METHOD'],
			'uri'     => $_SERVER['REQUEST_URI'],
			'headers' => $iacp_headers,
		)
	) . "\n",
	FILE_APPEND | LOCK_EX
);

$iacp_mode = (string) getenv( 'IACP_RECORDER_MODE' );
if ( 'redirect' === $iacp_mode ) {
	header( 'Location: ' . getenv( 'IACP_RECORDER_TARGET' ) . $_SERVER['REQUEST_URI'], true, 307 );
	return true;
}
if ( 'echo401' === $iacp_mode ) {
	$iacp_auth = '';
	foreach ( $iacp_headers as $iacp_name => $iacp_value ) {
		if ( 'authorization' === strtolower( (string) $iacp_name ) ) {
			$iacp_auth = (string) $iacp_value;
		}
	}
	http_response_code( 401 );
	header( 'Content-Type: application/json' );
	echo json_encode( array( 'error' => array( 'message' => "Incorrect API key provided: {$iacp_auth}. Details in /srv/provider/keys/check.py line 12 (marker-provider-words)" ) ) );
	return true;
}

$iacp_png = base64_decode( 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC' );
switch ( $iacp_path ) {
	case '/v1/models':
		header( 'Content-Type: application/json' );
		echo json_encode( array( 'data' => array( array( 'id' => 'recorder-model' ) ) ) );
		return true;
	case '/v1/images/generations':
		$iacp_body = json_decode( (string) file_get_contents( 'php://input' ), true );
		preg_match_all( '/image-url=(\S+)/', (string) ( $iacp_body['prompt'] ?? '' ), $iacp_urls );
		header( 'Content-Type: application/json' );
		echo json_encode( array( 'data' => array_map( static fn( string $url ): array => array( 'url' => $url ), $iacp_urls[1] ) ) );
		return true;
	case '/img/png':
		header( 'Content-Type: image/png' );
		echo $iacp_png;
		return true;
	case '/img/bmp':
		// A 1x1 24-bit BMP: an image to getimagesize(), not one the Media Library should get from a provider.
		header( 'Content-Type: image/png' );
		echo 'BM' . pack( 'VvvV', 58, 0, 0, 54 ) . pack( 'VVVvvVVVVVV', 40, 1, 1, 1, 24, 0, 4, 2835, 2835, 0, 0 ) . "\x00\x00\xff\x00";
		return true;
	case '/img/big':
		header( 'Content-Type: image/png' );
		$iacp_bytes = max( strlen( $iacp_png ), (int) ( $_GET['bytes'] ?? 0 ) );
		echo $iacp_png;
		for ( $iacp_left = $iacp_bytes - strlen( $iacp_png ); $iacp_left > 0; $iacp_left -= 65536 ) {
			echo str_repeat( "\0", min( 65536, $iacp_left ) );
			flush();
		}
		return true;
	case '/redirect':
		header( 'Location: ' . (string) ( $_GET['to'] ?? '/' ), true, 302 );
		return true;
}
http_response_code( 404 );
echo '{"error":{"message":"not here"}}';
return true;
