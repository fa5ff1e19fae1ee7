/**
 * Logs the admin in once per site and keeps the session for every test.
 */
import { request } from '@playwright/test';
import { allSites, authFile, type SiteEnv } from './site-env';

export default async function globalSetup(): Promise< void > {
	for ( const site of allSites() ) {
		const context = await request.newContext( { baseURL: site.url } );
		// WordPress refuses a login without its test cookie.
		await context.get( '/wp-login.php' );
		const response = await context.post( '/wp-login.php', {
			form: {
				log: site.admin.user,
				pwd: site.admin.password,
				'wp-submit': 'Log In',
				redirect_to: `${ site.url }/wp-admin/`,
				testcookie: '1',
			},
			maxRedirects: 0,
		} );
		if ( response.status() !== 302 ) {
			throw new Error(
				`admin login on ${ site.url } answered ${ response.status() }`
			);
		}
		await context.storageState( { path: authFile( site ) } );
		await context.dispose();
		await configureProvider( site );
	}
}

/**
 * Points the plugin at the local test AI server. Skipped (with a note) while the settings endpoint is missing,
 * so the smoke specs still run on a site without the REST API.
 */
async function configureProvider( site: SiteEnv ): Promise< void > {
	const api = await request.newContext( {
		baseURL: `${ site.url }/`,
		httpCredentials: {
			username: site.admin.user,
			password: site.admin.application_password,
			send: 'always',
		},
	} );
	const response = await api.post( 'wp-json/iacp/v1/settings', {
		data: {
			provider_base_url:
				process.env.IACP_AI_URL ?? 'http://127.0.0.1:8191/v1',
			api_key: 'test-key',
		},
	} );
	if ( response.status() === 404 ) {
		console.warn(
			`[iacp e2e] ${ site.url }: no /iacp/v1/settings yet; provider not configured.`
		);
	} else if ( ! response.ok() ) {
		throw new Error(
			`configuring the AI provider on ${ site.url } answered ${ response.status() }: ${ await response.text() }`
		);
	}
	await api.dispose();
}
