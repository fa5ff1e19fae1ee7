<?php
/**
 * Shared by the bench scripts: reads --name=value flags, loads the bench site's WordPress from --path, prints the
 * one JSON line a script answers with.
 *
 * @package IACP
 */

declare( strict_types=1 );

if ( 'cli' !== PHP_SAPI ) {
	exit( 1 );
}

/**
 * The script's --name=value flags (a bare --name is true).
 *
 * @return array<string, string|true>
 */
function iacp_bench_flags(): array {
	$flags = array();
	foreach ( array_slice( $GLOBALS['argv'], 1 ) as $arg ) {
		if ( preg_match( '/^--([a-z][a-z0-9-]*)(?:=(.*))?$/', $arg, $m ) ) {
			$flags[ $m[1] ] = $m[2] ?? true;
		}
	}
	return $flags;
}

/**
 * Loads WordPress from --path (the bench site) and checks the plugin is active.
 */
function iacp_bench_load_wordpress(): void {
	$path = rtrim( (string) ( iacp_bench_flags()['path'] ?? '' ), '/' );
	if ( '' === $path || ! is_readable( $path . '/wp-load.php' ) ) {
		fwrite( STDERR, "--path=/path/to/wordpress is required\n" );
		exit( 2 );
	}
	$_SERVER['HTTP_HOST']      = 'localhost';
	$_SERVER['SERVER_NAME']    = 'localhost';
	$_SERVER['REQUEST_URI']    = '/';
	$_SERVER['REQUEST_METHOD'] = 'GET';
	require $path . '/wp-load.php';
	if ( ! function_exists( 'iacp' ) ) {
		fwrite( STDERR, "AI Content Pipeline is not active on this site.\n" );
		exit( 2 );
	}
}

/**
 * Prints the script's answer as one JSON line.
 *
 * @param array<string, mixed> $data The figures.
 */
function iacp_bench_answer( array $data ): void {
	echo json_encode( $data, JSON_UNESCAPED_SLASHES ), "\n";
}

/**
 * Mean and percentiles of a list of numbers.
 *
 * @param list<float> $values Samples.
 * @return array{ n: int, mean: float, p50: float, p95: float, max: float }
 */
function iacp_bench_stats( array $values ): array {
	sort( $values );
	$n    = count( $values );
	$pick = static fn( float $q ): float => 0 === $n ? 0.0 : (float) $values[ min( $n - 1, (int) ceil( $q * $n ) - 1 ) ];
	return array(
		'n'    => $n,
		'mean' => 0 === $n ? 0.0 : array_sum( $values ) / $n,
		'p50'  => $pick( 0.5 ),
		'p95'  => $pick( 0.95 ),
		'max'  => 0 === $n ? 0.0 : (float) end( $values ),
	);
}
