/**
 * Server-Sent Events for one job. EventSource cannot send headers, so the REST nonce travels as `_wpnonce`.
 */
import apiFetch from '@wordpress/api-fetch';
import { addQueryArgs } from '@wordpress/url';
import { NAMESPACE } from './client';
import type { Job } from './types';

/** The REST root URL (ending in a slash), from this plugin's settings or core's, when the page has one. */
export function restRoot(): string | null {
	const root =
		window.iacpEditorSettings?.restRoot ?? window.wpApiSettings?.root;
	return typeof root === 'string' && root !== '' ? root : null;
}

export function restNonce(): string | null {
	return (
		window.wpApiSettings?.nonce ?? apiFetch.nonceMiddleware?.nonce ?? null
	);
}

/** The events URL of a job, or null when the page cannot build one (then polling alone is used). */
export function jobEventsUrl( id: string ): string | null {
	const root = restRoot();
	const nonce = restNonce();
	if ( root === null || nonce === null ) {
		return null;
	}
	const route = `${ NAMESPACE.replace( /^\//, '' ) }/jobs/${ encodeURIComponent(
		id
	) }/events`;
	// Sites without pretty permalinks use ?rest_route=…; both carry the nonce the same way.
	const url = root.includes( '?' )
		? addQueryArgs( root, { rest_route: `/${ route }` } )
		: `${ root }${ route }`;
	return addQueryArgs( url, { _wpnonce: nonce } );
}

export interface JobStreamHandlers {
	onJob: ( job: Job ) => void;
	/** The job ended (`end`), the server asked for a new connection (`reconnect`), or the stream failed. */
	onClose: ( reason: 'end' | 'reconnect' | 'error' ) => void;
}

/** Opens the job's event stream; returns a function that closes it. Null when EventSource is unavailable. */
export function subscribeToJob(
	id: string,
	handlers: JobStreamHandlers
): ( () => void ) | null {
	const url = jobEventsUrl( id );
	if ( url === null || typeof window.EventSource !== 'function' ) {
		return null;
	}
	const source = new window.EventSource( url, { withCredentials: true } );
	let closed = false;
	const close = ( reason: 'end' | 'reconnect' | 'error' ) => {
		if ( closed ) {
			return;
		}
		closed = true;
		source.close();
		handlers.onClose( reason );
	};
	source.addEventListener( 'job', ( event ) => {
		try {
			const job = JSON.parse(
				( event as MessageEvent< string > ).data
			) as Job;
			if ( job && typeof job.id === 'string' ) {
				handlers.onJob( job );
			}
		} catch {
			// A malformed event is skipped; polling still covers the job.
		}
	} );
	source.addEventListener( 'end', () => close( 'end' ) );
	// The server's time budget for one stream ran out; the caller decides whether to open another.
	source.addEventListener( 'reconnect', () => close( 'reconnect' ) );
	source.onerror = () => close( 'error' );
	return () => {
		closed = true;
		source.close();
	};
}
