/**
 * Logs the admin in once per site and keeps the session for every test.
 */
import { request } from '@playwright/test';
import { allSites, authFile } from './site-env';

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
	}
}
