/**
 * IACP e2e helpers: an admin REST client (application password), editor helpers that go through the block
 * editor's data API, axe checks limited to the plugin's UI, and screenshots.
 */
import AxeBuilder from '@axe-core/playwright';
import {
	request,
	type APIRequestContext,
	type Browser,
	type BrowserContext,
	type Page,
	type TestInfo,
} from '@playwright/test';
import path from 'node:path';
import { test as base, expect } from './fixtures';
import { allSites, type SiteEnv } from './site-env';

export { expect, openNewPost } from './fixtures';

const ROOT = path.resolve( __dirname, '../../..' );

export function siteFor( baseURL: string | undefined ): SiteEnv {
	const site = allSites().find( ( candidate ) => candidate.url === baseURL );
	if ( ! site ) {
		throw new Error( `No test site for ${ baseURL }` );
	}
	return site;
}

/** A REST client authenticated as `user` with an application password. */
export async function restClient(
	site: SiteEnv,
	user: string = site.admin.user,
	password: string = site.admin.application_password
): Promise< APIRequestContext > {
	return request.newContext( {
		baseURL: `${ site.url }/`,
		httpCredentials: { username: user, password, send: 'always' },
		// Inside tests the runner applies the project's storageState: a logged-in cookie without a REST nonce
		// would turn every call into a logged-out one (401). Basic auth only.
		storageState: { cookies: [], origins: [] },
	} );
}

export interface TestUser {
	id: number;
	username: string;
	password: string;
	/** An application password, for REST calls as this user. */
	appPassword: string;
}

/** A new user with a role, a login password and an application password, made through the admin's REST client. */
export async function createUser(
	api: APIRequestContext,
	role: string
): Promise< TestUser > {
	const username = uniqueKey( role ).replace( /-/g, '_' );
	const password = `${ uniqueKey( 'pw' ) }Aa1!`;
	const created = await api.post( 'wp-json/wp/v2/users', {
		data: {
			username,
			password,
			email: `${ username }@example.org`,
			roles: [ role ],
		},
	} );
	expect( created.status() ).toBe( 201 );
	const { id } = ( await created.json() ) as { id: number };
	const application = await api.post(
		`wp-json/wp/v2/users/${ id }/application-passwords`,
		{ data: { name: 'iacp-e2e' } }
	);
	expect( application.status() ).toBe( 201 );
	const appPassword = ( ( await application.json() ) as { password: string } )
		.password;
	return { id, username, password, appPassword };
}

/** A browser context logged in as `user` through wp-login.php, and its page (in wp-admin). */
export async function logInAs(
	browser: Browser,
	site: SiteEnv,
	user: TestUser
): Promise< { context: BrowserContext; page: Page } > {
	const context = await browser.newContext( {
		baseURL: site.url,
		storageState: { cookies: [], origins: [] },
	} );
	const page = await context.newPage();
	await page.goto( '/wp-login.php' );
	await page.getByLabel( 'Username or Email Address' ).fill( user.username );
	await page.getByLabel( 'Password', { exact: true } ).fill( user.password );
	await page.getByRole( 'button', { name: 'Log In' } ).click();
	await page.waitForURL( /wp-admin/ );
	return { context, page };
}

export interface TestJob {
	id: string;
	status: string;
	result: Record< string, unknown > | null;
	error: { code: string; message: string } | null;
}

export const FINAL = [ 'completed', 'failed', 'cancelled', 'expired' ];

/** Waits until a job reaches a final state (through REST) and returns it. */
export async function waitForJob(
	api: APIRequestContext,
	id: string,
	timeoutMs = 90_000
): Promise< TestJob > {
	let job: TestJob | null = null;
	await expect
		.poll(
			async () => {
				const response = await api.get(
					`wp-json/iacp/v1/jobs/${ id }`
				);
				job = ( await response.json() ) as TestJob;
				return job.status;
			},
			{ timeout: timeoutMs, intervals: [ 500, 1000 ] }
		)
		.toMatch( new RegExp( `^(${ FINAL.join( '|' ) })$` ) );
	return job as unknown as TestJob;
}

export function uniqueKey( prefix: string ): string {
	return `${ prefix }-${ Date.now().toString( 36 ) }-${ Math.random()
		.toString( 36 )
		.slice( 2, 8 ) }`;
}

interface EditorWp {
	data: {
		select: (
			store: string
		) => Record< string, ( ...args: unknown[] ) => unknown >;
		dispatch: (
			store: string
		) => Record< string, ( ...args: unknown[] ) => unknown >;
	};
	blocks: {
		createBlock: (
			name: string,
			attributes?: Record< string, unknown >
		) => { clientId: string };
	};
}

/** Inserts a block through the block editor's data API, selects it, and returns its clientId. */
export async function addBlock(
	page: Page,
	name: string,
	attributes: Record< string, unknown > = {}
): Promise< string > {
	return page.evaluate(
		( [ blockName, attrs ] ) => {
			const { wp } = window as unknown as { wp: EditorWp };
			const block = wp.blocks.createBlock(
				blockName as string,
				attrs as Record< string, unknown >
			);
			wp.data.dispatch( 'core/block-editor' ).insertBlocks?.( [ block ] );
			wp.data
				.dispatch( 'core/block-editor' )
				.selectBlock?.( block.clientId );
			return block.clientId;
		},
		[ name, attributes ] as const
	);
}

export async function blockCount( page: Page ): Promise< number > {
	return page.evaluate( () => {
		const { wp } = window as unknown as { wp: EditorWp };
		return (
			wp.data.select( 'core/block-editor' ).getBlocks?.() as unknown[]
		 ).length;
	} );
}

export async function blockAttributes(
	page: Page,
	clientId: string
): Promise< Record< string, unknown > > {
	return page.evaluate( ( id ) => {
		const { wp } = window as unknown as { wp: EditorWp };
		const block = wp.data.select( 'core/block-editor' ).getBlock?.( id ) as
			{ attributes: Record< string, unknown > } | undefined;
		return block?.attributes ?? {};
	}, clientId );
}

/** Saves the post in the editor and returns its id. */
export async function savePost( page: Page ): Promise< number > {
	return page.evaluate( async () => {
		const { wp } = window as unknown as { wp: EditorWp };
		const editor = wp.data.dispatch( 'core/editor' );
		if (
			! ( wp.data
				.select( 'core/editor' )
				.getEditedPostAttribute?.( 'title' ) as string )
		) {
			editor.editPost?.( { title: 'IACP e2e post' } );
		}
		await editor.savePost?.();
		return wp.data.select( 'core/editor' ).getCurrentPostId?.() as number;
	} );
}

export async function openJobsSidebar( page: Page ): Promise< void > {
	await page.evaluate( () => {
		const { wp } = window as unknown as { wp: EditorWp };
		wp.data
			.dispatch( 'core/edit-post' )
			.openGeneralSidebar?.( 'iacp-editor/iacp-jobs' );
	} );
}

/** Expands a document settings panel (like the plugin's "AI" panel) when it is collapsed. */
export async function expandPanel( page: Page, name: string ) {
	const toggle = page.getByRole( 'button', { name, exact: true } );
	if ( ( await toggle.getAttribute( 'aria-expanded' ) ) === 'false' ) {
		await toggle.click();
	}
}

/** Opens the selected text block's "AI" toolbar menu and picks an action. */
export async function chooseAiAction( page: Page, action: string ) {
	await page
		.getByRole( 'toolbar', { name: 'Block tools' } )
		.getByRole( 'button', { name: 'AI', exact: true } )
		.click();
	await page.getByRole( 'menuitem', { name: action } ).click();
}

/** Axe on the given containers: no serious or critical violations. */
export async function expectAccessible( page: Page, selectors: string[] ) {
	let builder = new AxeBuilder( { page } );
	for ( const selector of selectors ) {
		builder = builder.include( selector );
	}
	const results = await builder.analyze();
	const bad = results.violations.filter(
		( violation ) =>
			violation.impact === 'serious' || violation.impact === 'critical'
	);
	expect(
		bad.map(
			( violation ) =>
				`${ violation.id }: ${ violation.nodes
					.map( ( node ) => node.target.join( ' ' ) )
					.join( ', ' ) }`
		)
	).toEqual( [] );
}

export async function screenshot(
	page: Page,
	testInfo: TestInfo,
	name: string
): Promise< void > {
	const file = path.join(
		ROOT,
		'artifacts/playwright/screens',
		`${ name }.png`
	);
	await page.screenshot( { path: file, fullPage: true } );
	await testInfo.attach( name, { path: file, contentType: 'image/png' } );
}

/** `api`: the admin's REST client on the test's site. */
export const test = base.extend< { api: APIRequestContext; site: SiteEnv } >( {
	site: async ( { baseURL }, provide ) => {
		await provide( siteFor( baseURL ) );
	},
	api: async ( { site }, provide ) => {
		const api = await restClient( site );
		await provide( api );
		await api.dispose();
	},
} );
