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
	debug_log?: string;
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

/** Where each test site's environment file is named: the minimum WordPress and the newest release. */
const SITE_VARIABLES: Record< string, string > = {
	test: 'IACP_ENV_FILE',
	'test-newest': 'IACP_NEWEST_ENV_FILE',
};

/**
 * The sites the suite runs on: both, unless IACP_E2E_SITES names fewer (`npm test` leaves out a site whose
 * WordPress is missing, and counts that part as failed itself).
 */
export function allSites(): SiteEnv[] {
	const names = ( process.env.IACP_E2E_SITES ?? 'test,test-newest' )
		.split( ',' )
		.filter( Boolean );
	return names.map( ( name ) => {
		const variable = SITE_VARIABLES[ name ];
		if ( ! variable ) {
			throw new Error(
				`IACP_E2E_SITES names an unknown site "${ name }"`
			);
		}
		return siteEnv( variable, name );
	} );
}

/** Where the logged-in admin session of a site is kept between global setup and the tests. */
export function authFile( site: SiteEnv ): string {
	return path.join(
		ROOT,
		'artifacts/playwright/.auth',
		`${ site.name }.json`
	);
}
