// The must-use plugins every local site gets (never shipped with the plugin): offline update data, and client-side
// media processing turned off where the core lacks its worker script (the WordPress 7.1 archive).
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.mjs';

const SOURCE = path.join( ROOT, 'bin/php/mu-plugins' );
const VIPS_WORKER = 'wp-includes/js/dist/script-modules/vips/worker.min.js';
const NO_MEDIA_PROCESSING = 'iacp-no-client-media-processing.php';

export function installSiteMuPlugins( wpPath ) {
	const muDir = path.join( wpPath, 'wp-content/mu-plugins' );
	fs.mkdirSync( muDir, { recursive: true } );
	fs.copyFileSync(
		path.join( SOURCE, 'iacp-offline-site.php' ),
		path.join( muDir, 'iacp-offline-site.php' )
	);
	const target = path.join( muDir, NO_MEDIA_PROCESSING );
	const hasMediaProcessing = fs.existsSync(
		path.join( wpPath, 'wp-includes/js/dist/script-modules/vips' )
	);
	if (
		hasMediaProcessing &&
		! fs.existsSync( path.join( wpPath, VIPS_WORKER ) )
	) {
		fs.copyFileSync( path.join( SOURCE, NO_MEDIA_PROCESSING ), target );
	} else {
		fs.rmSync( target, { force: true } );
	}
	return muDir;
}
