/**
 * The fields of the edited post the AI panel offers (PHP's PostFields, printed with the editor settings), and how
 * each reads in the panel's words. Title and excerpt keep their own sentences; a meta field uses its label.
 */
import { __, sprintf } from '@wordpress/i18n';
import type { PostFieldName } from '../../api/types';

export interface PostField {
	field: PostFieldName;
	label: string;
}

function isPostField( entry: {
	field: string;
	label: string;
} ): entry is PostField {
	return /^(title|excerpt|meta:.+)$/.test( entry.field );
}

/** What the page printed; title and excerpt when an older page printed nothing. */
export function offeredPostFields(): PostField[] {
	const printed = window.iacpEditorSettings?.postFields;
	if ( Array.isArray( printed ) ) {
		return printed.filter( isPostField );
	}
	return [
		{ field: 'excerpt', label: __( 'Excerpt', 'iacp' ) },
		{ field: 'title', label: __( 'Title', 'iacp' ) },
	];
}

export function improveLabel( { field, label }: PostField ): string {
	switch ( field ) {
		case 'title':
			return __( 'Improve title with AI', 'iacp' );
		case 'excerpt':
			return __( 'Improve excerpt with AI', 'iacp' );
		default:
			/* translators: %s: a field's label, like "SEO description". */
			return sprintf( __( 'Improve “%s” with AI', 'iacp' ), label );
	}
}

export function improvedNotice( { field, label }: PostField ): string {
	switch ( field ) {
		case 'title':
			return __( 'The title was improved.', 'iacp' );
		case 'excerpt':
			return __( 'The excerpt was improved.', 'iacp' );
		default:
			/* translators: %s: a field's label, like "SEO description". */
			return sprintf( __( '“%s” was improved.', 'iacp' ), label );
	}
}

/** The editPost() change that puts a value into the field: a post property, or one meta key. */
export function fieldEdit(
	field: PostFieldName,
	value: string
): Record< string, unknown > {
	return field.startsWith( 'meta:' )
		? { meta: { [ field.slice( 'meta:'.length ) ]: value } }
		: { [ field ]: value };
}
