// Where everything lives: the repo root, and the gitignored folder holding environments and artifacts.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'../..'
);
export const ENV_DIR = path.join( ROOT, '.iacp-env' );
export const ARTIFACTS_DIR = path.join( ROOT, 'artifacts' );
export const CORE_CACHE_DIR = path.join( ENV_DIR, 'core' );
export const WP_CLI = path.join( ROOT, 'tools/wp-cli/vendor/bin/wp' );
