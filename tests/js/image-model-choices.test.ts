/**
 * The image dialog's choices come from what PHP printed for the image model, never from a list of its own.
 */
import { imageModelChoices } from '@iacp/editor/capabilities';

afterEach( () => {
	delete window.iacpEditorSettings;
} );

describe( 'imageModelChoices', () => {
	it( 'offers the model’s sizes and counts as printed', () => {
		window.iacpEditorSettings = {
			imageSizes: [ '1024x1024', '1536x1024', '1024x1536' ],
			imageMaxCount: 4,
			imageDefaultSize: '1024x1024',
		};
		expect( imageModelChoices() ).toEqual( {
			sizes: [ '1024x1024', '1536x1024', '1024x1536' ],
			maxCount: 4,
			defaultSize: '1024x1024',
		} );
	} );

	it( 'drops sizes it does not know and keeps the default among the offered ones', () => {
		window.iacpEditorSettings = {
			imageSizes: [ '640x480', '1792x1024', '1024x1792' ],
			imageMaxCount: 9,
			imageDefaultSize: '1024x1024',
		};
		expect( imageModelChoices() ).toEqual( {
			sizes: [ '1792x1024', '1024x1792' ],
			maxCount: 4,
			defaultSize: '1792x1024',
		} );
	} );

	it( 'falls back to one square image when nothing was printed', () => {
		expect( imageModelChoices() ).toEqual( {
			sizes: [ '1024x1024' ],
			maxCount: 1,
			defaultSize: '1024x1024',
		} );
	} );
} );
