/**
 * The AI panel's fields: what the page printed, their button and notice words, and the edit that applies one.
 */
import {
	fieldEdit,
	improveLabel,
	improvedNotice,
	offeredPostFields,
} from '@iacp/editor/post-field/postFields';

afterEach( () => {
	delete window.iacpEditorSettings;
} );

describe( 'postFields', () => {
	it( 'offers what the page printed, or title and excerpt without it', () => {
		expect( offeredPostFields().map( ( f ) => f.field ) ).toEqual( [
			'excerpt',
			'title',
		] );
		window.iacpEditorSettings = {
			postFields: [
				{ field: 'title', label: 'Title' },
				{ field: 'meta:seo_description', label: 'SEO description' },
			],
		};
		expect( offeredPostFields().map( ( f ) => f.field ) ).toEqual( [
			'title',
			'meta:seo_description',
		] );
	} );

	it( 'names a meta field by its label', () => {
		const seo = {
			field: 'meta:seo_description' as const,
			label: 'SEO description',
		};
		expect( improveLabel( seo ) ).toBe(
			'Improve “SEO description” with AI'
		);
		expect( improvedNotice( seo ) ).toBe(
			'“SEO description” was improved.'
		);
		expect( improveLabel( { field: 'title', label: 'Title' } ) ).toBe(
			'Improve title with AI'
		);
	} );

	it( 'applies a value to a post property or to one meta key', () => {
		expect( fieldEdit( 'excerpt', 'Short.' ) ).toEqual( {
			excerpt: 'Short.',
		} );
		expect( fieldEdit( 'meta:seo_description', 'Tea.' ) ).toEqual( {
			meta: { seo_description: 'Tea.' },
		} );
	} );
} );
