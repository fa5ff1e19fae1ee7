/**
 * The environment files bin/lib/site.mjs writes for the running test sites.
 */
import fs from 'node:fs';
import path from 'node:path';

export interface SiteEnv {
	name: string;
	url: string;
	wp_version: string;
	wp_path: string;
	admin: { user: string; password: string; application_password: string };
}

const ROOT = path.resolve( __dirname, '../../..' );

export function siteEnv( variable: string, site: string ): SiteEnv {
	const file =
		process.env[ variable ] ??
		path.join( ROOT, '.iacp-env', site, 'env.json' );
	if ( ! fs.existsSync( file ) ) {
		throw new Error(
			`No test site at ${ file }: run "node bin/env.mjs start ${ site }" or "npm test".`
		);
	}
	return JSON.parse( fs.readFileSync( file, 'utf8' ) ) as SiteEnv;
}

export function allSites(): SiteEnv[] {
	return [
		siteEnv( 'IACP_ENV_FILE', 'test' ),
		siteEnv( 'IACP_NEWEST_ENV_FILE', 'test-newest' ),
	];
}

/** Where the logged-in admin session of a site is kept between global setup and the tests. */
export function authFile( site: SiteEnv ): string {
	return path.join(
		ROOT,
		'artifacts/playwright/.auth',
		`${ site.name }.json`
	);
}
