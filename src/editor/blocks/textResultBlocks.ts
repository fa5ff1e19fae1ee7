/**
 * Turns a text job's result into blocks (its block markup, else its HTML, else its plain text) and reads the
 * plain text of the block a quick action works on.
 */
import {
	createBlock,
	getBlockContent,
	parse,
	rawHandler,
	type Block as BlockInstance,
} from '@wordpress/blocks';
import type { TextJobResult } from '../../api/types';

function isMeaningful( block: BlockInstance ): boolean {
	if ( ! block.name ) {
		return false;
	}
	if ( block.name === 'core/freeform' ) {
		const content: unknown = block.attributes?.content;
		return typeof content === 'string' && content.trim() !== '';
	}
	return true;
}

function escapeHtml( text: string ): string {
	return text
		.replace( /&/g, '&amp;' )
		.replace( /</g, '&lt;' )
		.replace( />/g, '&gt;' );
}

export function blocksFromTextResult(
	result: Partial< TextJobResult > | null | undefined
): BlockInstance[] {
	if ( ! result ) {
		return [];
	}
	if ( typeof result.blocks === 'string' && result.blocks.trim() !== '' ) {
		const parsed = parse( result.blocks ).filter( isMeaningful );
		if ( parsed.length > 0 ) {
			return parsed;
		}
	}
	if ( typeof result.html === 'string' && result.html.trim() !== '' ) {
		const converted = rawHandler( { HTML: result.html } ).filter(
			isMeaningful
		);
		if ( converted.length > 0 ) {
			return converted;
		}
	}
	if ( typeof result.text === 'string' && result.text.trim() !== '' ) {
		return result.text
			.split( /\n\s*\n/ )
			.map( ( paragraph ) => paragraph.trim() )
			.filter( ( paragraph ) => paragraph !== '' )
			.map( ( paragraph ) =>
				createBlock( 'core/paragraph', {
					content: escapeHtml( paragraph ).replace( /\n/g, '<br>' ),
				} )
			);
	}
	return [];
}

/** Plain text from block HTML, one line per paragraph, list item or line break. */
export function plainTextFromHtml( html: string ): string {
	const withBreaks = html
		.replace( /<br\s*\/?>/gi, '\n' )
		.replace( /<\/(p|li|h[1-6]|div)>/gi, '$&\n' );
	const doc = new window.DOMParser().parseFromString(
		withBreaks,
		'text/html'
	);
	return ( doc.body.textContent ?? '' )
		.replace( /[ \t]+\n/g, '\n' )
		.replace( /\n{3,}/g, '\n\n' )
		.trim();
}

export function plainTextOfBlock( block: BlockInstance ): string {
	return plainTextFromHtml( getBlockContent( block ) );
}

/** The blocks a text action is offered on. */
export const TEXT_BLOCKS = [ 'core/paragraph', 'core/heading', 'core/list' ];
