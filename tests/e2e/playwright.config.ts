/**
 * Playwright: Debian's Chromium against the test sites that `npm test` starts (PHP's built-in server, MariaDB).
 * The full suite runs on the minimum WordPress (6.5.5) and on the newest release (7.1.0): one project per site.
 */
import { defineConfig } from '@playwright/test';
import path from 'node:path';
import { allSites, authFile } from './support/site-env';

const ROOT = path.resolve( __dirname, '../..' );

export default defineConfig( {
	testDir: './specs',
	outputDir: path.join( ROOT, 'artifacts/playwright/output' ),
	globalSetup: require.resolve( './support/global-setup' ),
	fullyParallel: false,
	workers: 2,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 15_000 },
	forbidOnly: true,
	reporter: [
		[ 'list' ],
		[
			'json',
			{
				outputFile: path.join(
					ROOT,
					'artifacts/playwright/results.json'
				),
			},
		],
	],
	use: {
		screenshot: 'on',
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: '/usr/bin/chromium',
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync',
			],
		},
	},
	projects: allSites().map( ( site ) => ( {
		name: `wp-${ site.wp_version }`,
		use: { baseURL: site.url, storageState: authFile( site ) },
	} ) ),
} );
