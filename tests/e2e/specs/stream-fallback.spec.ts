/**
 * Live views are capped (each event stream holds a PHP worker): an author whose two streams are already open
 * elsewhere still sees a text job through to the end — the dialog's own stream is refused with 429 and the dialog
 * follows the job by polling.
 */
import http from 'node:http';
import {
	addBlock,
	chooseAiAction,
	createUser,
	expect,
	logInAs,
	openNewPost,
	restClient,
	test,
} from '../support/iacp';

test.describe.configure( { timeout: 150_000 } );

/** Opens a job's event stream as a user and resolves once the server has accepted it (200, streaming). */
function holdStream(
	url: string,
	user: string,
	password: string
): Promise< http.ClientRequest > {
	return new Promise( ( resolve, reject ) => {
		const request = http.get(
			url,
			{ auth: `${ user }:${ password }` },
			( response ) => {
				response.resume();
				if ( response.statusCode === 200 ) {
					resolve( request );
				} else {
					reject(
						new Error( `stream answered ${ response.statusCode }` )
					);
				}
			}
		);
		// Closing it at the end of the test is expected.
		request.on( 'error', () => {} );
	} );
}

test( 'a dialog whose stream is refused follows its job by polling', async ( {
	browser,
	api,
	site,
} ) => {
	const author = await createUser( api, 'author' );
	const { username, appPassword } = author;

	// Another job of this author, whose live view will be open twice "in other tabs": the author's cap.
	const authorApi = await restClient( site, username, appPassword );
	const other = await authorApi.post( 'wp-json/iacp/v1/jobs', {
		data: { type: 'test_noop', input: {} },
	} );
	expect( other.status() ).toBe( 202 );
	const otherId = ( ( await other.json() ) as { id: string } ).id;
	const streamUrl = `${ site.url }/wp-json/iacp/v1/jobs/${ otherId }/events?lifetime=55`;
	const held: http.ClientRequest[] = [];

	const { context, page } = await logInAs( browser, site, author );
	try {
		await openNewPost( page );
		await addBlock( page, 'core/paragraph', {
			content: 'Polling still gets me there.',
		} );

		// Opened last, so that they are surely open while the dialog starts (they last 55 s).
		// Each resolves once the server has answered 200 and holds a stream slot.
		held.push( await holdStream( streamUrl, username, appPassword ) );
		held.push( await holdStream( streamUrl, username, appPassword ) );
		const stream = page.waitForResponse( ( response ) =>
			/\/iacp\/v1\/jobs\/[^/]+\/events/.test( response.url() )
		);
		await chooseAiAction( page, 'Rewrite' );
		const dialog = page.getByRole( 'dialog', { name: 'AI: Rewrite' } );
		expect( ( await stream ).status() ).toBe( 429 );
		await expect(
			dialog.getByRole( 'button', { name: 'Insert below' } )
		).toBeVisible( { timeout: 120_000 } );
		await expect(
			dialog.getByRole( 'region', { name: 'Result preview' } )
		).not.toBeEmpty();
	} finally {
		held.forEach( ( request ) => request.destroy() );
		await context.close();
		await authorApi.post( `wp-json/iacp/v1/jobs/${ otherId }/cancel` );
		await authorApi.dispose();
	}
} );
