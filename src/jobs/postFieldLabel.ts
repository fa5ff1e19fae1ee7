/**
 * A post field's name in words: Title, Excerpt, or the meta key's label when the editor knows it.
 */
import { __ } from '@wordpress/i18n';

export function postFieldLabel( field: string ): string {
	if ( field === 'title' ) {
		return __( 'Title', 'iacp' );
	}
	if ( field === 'excerpt' ) {
		return __( 'Excerpt', 'iacp' );
	}
	const known = window.iacpEditorSettings?.postFields?.find(
		( candidate ) => candidate.field === field
	);
	return known?.label ?? field.replace( /^meta:/, '' );
}
