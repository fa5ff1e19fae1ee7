/**
 * The image dialog: previews appear, the chosen image lands in the block as a Media Library attachment.
 */
import {
	addBlock,
	blockAttributes,
	expect,
	expectAccessible,
	openNewPost,
	screenshot,
	test,
} from '../support/iacp';

test.describe.configure( { timeout: 180_000 } );

test( 'an AI image ends as an attachment in the image block', async ( {
	page,
	api,
	consoleErrors,
}, testInfo ) => {
	await openNewPost( page );
	const clientId = await addBlock( page, 'core/image' );

	await page
		.getByRole( 'toolbar', { name: 'Block tools' } )
		.getByRole( 'button', { name: 'AI image' } )
		.click();
	const dialog = page.getByRole( 'dialog', { name: 'AI: Generate image' } );
	await dialog
		.getByRole( 'textbox', { name: 'Describe the image' } )
		.fill( 'A red kite over green hills' );
	// The site's image model is gpt-image-1 (the default): the dialog offers its three sizes only.
	const size = dialog.getByRole( 'combobox', { name: 'Size' } );
	await expect( size.getByRole( 'option' ) ).toHaveText( [
		'1024 × 1024',
		'1536 × 1024',
		'1024 × 1536',
	] );
	await size.selectOption( '1536x1024' );
	await expectAccessible( page, [ '.iacp-dialog' ] );
	await dialog.getByRole( 'button', { name: 'Generate' } ).click();

	await expect(
		dialog.getByRole( 'img', { name: 'Generated image 1' } )
	).toBeVisible( { timeout: 150_000 } );
	await screenshot( page, testInfo, 'image-popover-previews' );
	await dialog.getByRole( 'button', { name: 'Use this image' } ).click();

	await expect
		.poll( async () => ( await blockAttributes( page, clientId ) ).id, {
			timeout: 150_000,
		} )
		.toEqual( expect.any( Number ) );
	const { id, url } = await blockAttributes( page, clientId );
	expect( url ).toEqual( expect.stringContaining( 'http' ) );

	const media = await api.get( `wp-json/wp/v2/media/${ id }` );
	expect( media.status() ).toBe( 200 );
	expect( ( await media.json() ).id ).toBe( id );
	expect( consoleErrors ).toEqual( [] );
} );
