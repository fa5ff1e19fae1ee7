/**
 * Playwright: Debian's Chromium against the test sites that `npm test` starts (PHP's built-in server, MariaDB).
 * The full suite runs on the minimum WordPress (6.5.5) and on the newest core build available.
 */
import { defineConfig } from '@playwright/test';
import path from 'node:path';
import { authFile, siteEnv } from './support/site-env';

const ROOT = path.resolve( __dirname, '../..' );
const minimum = siteEnv( 'IACP_ENV_FILE', 'test' );
const newest = siteEnv( 'IACP_NEWEST_ENV_FILE', 'test-newest' );

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
	projects: [
		{
			name: `wp-${ minimum.wp_version }`,
			use: { baseURL: minimum.url, storageState: authFile( minimum ) },
		},
		{
			name: `wp-${ newest.wp_version }`,
			use: { baseURL: newest.url, storageState: authFile( newest ) },
		},
	],
} );
