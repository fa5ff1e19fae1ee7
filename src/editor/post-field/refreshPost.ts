/**
 * Re-reads the edited post from the server into core-data, so a field a background job changed shows up.
 */
import apiFetch from '@wordpress/api-fetch';
import { store as coreStore } from '@wordpress/core-data';
import type { DataRegistry } from '@wordpress/data';

export async function refreshEditedPost(
	registry: DataRegistry,
	postType: string,
	postId: number
): Promise< void > {
	const type = registry.select( coreStore ).getPostType( postType );
	const namespace = type?.rest_namespace ?? 'wp/v2';
	const base = type?.rest_base ?? ( postType === 'page' ? 'pages' : 'posts' );
	const record = await apiFetch< Record< string, unknown > >( {
		path: `/${ namespace }/${ base }/${ postId }?context=edit`,
	} );
	await registry
		.dispatch( coreStore )
		.receiveEntityRecords( 'postType', postType, record, undefined, true );
}
