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

/**
 * A fixed port of the test and dev scripts, moved by IACP_PORT_OFFSET so that two checkouts on one machine can run
 * their suites side by side without taking each other's ports.
 */
export function port( base ) {
	const offset = Number( process.env.IACP_PORT_OFFSET || 0 );
	if ( ! Number.isInteger( offset ) || offset < 0 || offset > 20000 ) {
		throw new Error(
			`IACP_PORT_OFFSET must be a whole number from 0 to 20000, not "${ process.env.IACP_PORT_OFFSET }"`
		);
	}
	return base + offset;
}
