// Where everything lives: the repo root, and the gitignored folder holding environments and artifacts.
import { fileURLToPath } from 'node:url';
import path from 'node:path';

export const ROOT = path.resolve(
	path.dirname( fileURLToPath( import.meta.url ) ),
	'../..'
);
// IACP_ENV_DIR moves the environments elsewhere (the private-directory check keeps them in a 0700 folder).
export const ENV_DIR = process.env.IACP_ENV_DIR
	? path.resolve( process.env.IACP_ENV_DIR )
	: path.join( ROOT, '.iacp-env' );
export const ARTIFACTS_DIR = path.join( ROOT, 'artifacts' );
/** Unpacked cores and tools stay with the checkout wherever the environments go: sites only copy from them. */
const CACHE_DIR = path.join( ROOT, '.iacp-env' );
export const CORE_CACHE_DIR = path.join( CACHE_DIR, 'core' );
/** Archives that no registry here serves sit beside the checkout (`../shared`), as on every machine of the team. */
export const SHARED_DIR = path.resolve( ROOT, '../shared' );
/** The current WP-CLI with every core command, unpacked from its archive by ensureWpCli(). */
export const WP_CLI_DIR = path.join( CACHE_DIR, 'wp-cli' );
export const WP_CLI = path.join( WP_CLI_DIR, 'vendor/bin/wp' );
/** Plugin Check (the plugin directory's review checker), unpacked from its archive by ensurePluginCheck(). */
export const PLUGIN_CHECK_DIR = path.join( CACHE_DIR, 'plugin-check' );
/** What WP_CLI execs, minus its shell layers: tests run it with PHP directly so signals reach the command. */
export const WP_CLI_BOOT = path.join(
	WP_CLI_DIR,
	'vendor/wp-cli/wp-cli/php/boot-fs.php'
);

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
