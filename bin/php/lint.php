<?php
/**
 * `php -l` over every PHP file of the plugin, its tests and scripts; exits non-zero on the first syntax error report.
 *
 * @package IACP
 */

$iacp_root   = dirname( __DIR__, 2 );
$iacp_failed = 0;
$iacp_count  = 0;
foreach ( array( 'plugin.php', 'uninstall.php', 'includes', 'bin', 'tests' ) as $iacp_entry ) {
	$iacp_path  = $iacp_root . '/' . $iacp_entry;
	$iacp_files = is_dir( $iacp_path )
		? new RegexIterator( new RecursiveIteratorIterator( new RecursiveDirectoryIterator( $iacp_path, FilesystemIterator::SKIP_DOTS ) ), '/\.php$/' )
		: array( $iacp_path );
	foreach ( $iacp_files as $iacp_file ) {
		++$iacp_count;
		exec( escapeshellarg( PHP_BINARY ) . ' -l ' . escapeshellarg( (string) $iacp_file ) . ' 2>&1', $iacp_out, $iacp_code );
		if ( 0 !== $iacp_code ) {
			++$iacp_failed;
			echo implode( "\n", $iacp_out ), "\n";
		}
		$iacp_out = array();
	}
}
echo "PHP lint: {$iacp_count} files, {$iacp_failed} with errors\n";
exit( $iacp_failed > 0 ? 1 : 0 );
