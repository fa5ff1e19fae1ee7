/**
 * Text results become blocks: block markup first, then HTML, then plain text.
 */
import { createBlock, parse, rawHandler } from '@wordpress/blocks';
import {
	blocksFromTextResult,
	plainTextFromHtml,
} from '@iacp/editor/blocks/textResultBlocks';

jest.mock( '@wordpress/blocks', () => ( {
	parse: jest.fn(),
	rawHandler: jest.fn(),
	getBlockContent: jest.fn(),
	createBlock: jest.fn( ( name: string, attributes: object ) => ( {
		name,
		attributes,
		innerBlocks: [],
	} ) ),
} ) );

const mockParse = parse as unknown as jest.Mock;
const mockRaw = rawHandler as unknown as jest.Mock;

const paragraph = ( content: string ) => ( {
	name: 'core/paragraph',
	attributes: { content },
	innerBlocks: [],
} );

beforeEach( () => {
	mockParse.mockReset();
	mockRaw.mockReset();
	( createBlock as unknown as jest.Mock ).mockClear();
} );

describe( 'blocksFromTextResult', () => {
	it( 'parses the serialized block markup and drops empty freeform blocks', () => {
		mockParse.mockReturnValue( [
			paragraph( 'One' ),
			{ name: 'core/freeform', attributes: { content: '\n' } },
			paragraph( 'Two' ),
		] );

		const blocks = blocksFromTextResult( {
			blocks: '<!-- wp:paragraph --><p>One</p><!-- /wp:paragraph -->',
			html: '<p>One</p>',
			text: 'One',
		} );

		expect( blocks.map( ( b ) => b.attributes.content ) ).toEqual( [
			'One',
			'Two',
		] );
		expect( mockRaw ).not.toHaveBeenCalled();
	} );

	it( 'falls back to the HTML when there is no block markup', () => {
		mockRaw.mockReturnValue( [ paragraph( 'From HTML' ) ] );

		const blocks = blocksFromTextResult( {
			blocks: '',
			html: '<p>From HTML</p>',
		} );

		expect( mockRaw ).toHaveBeenCalledWith( { HTML: '<p>From HTML</p>' } );
		expect( blocks ).toHaveLength( 1 );
	} );

	it( 'makes escaped paragraphs from plain text as a last resort', () => {
		mockParse.mockReturnValue( [] );
		mockRaw.mockReturnValue( [] );

		const blocks = blocksFromTextResult( {
			blocks: '   ',
			html: '',
			text: 'First <b>line</b>\nsame paragraph\n\nSecond',
		} );

		expect( blocks.map( ( b ) => b.attributes.content ) ).toEqual( [
			'First &lt;b&gt;line&lt;/b&gt;<br>same paragraph',
			'Second',
		] );
	} );

	it( 'gives nothing for an empty or missing result', () => {
		expect( blocksFromTextResult( null ) ).toEqual( [] );
		expect( blocksFromTextResult( { text: '  ' } ) ).toEqual( [] );
	} );
} );

describe( 'plainTextFromHtml', () => {
	it( 'keeps one line per list item and line break', () => {
		expect(
			plainTextFromHtml(
				'<ul><li>Apples &amp; pears</li><li>Plums<br>ripe</li></ul>'
			)
		).toBe( 'Apples & pears\nPlums\nripe' );
	} );
} );
