/**
 * What "Test connection" tried and what came back, in one sentence: the request (method, URL, which key went
 * along) and the answer (HTTP status, or none, and how long it took).
 */
import { __, sprintf } from '@wordpress/i18n';
import type { ConnectionTestResult } from '../../api/types';

function keyWords( key: 'saved' | 'sent' | 'none' ): string {
	switch ( key ) {
		case 'saved':
			return __( 'with the saved API key', 'iacp' );
		case 'sent':
			return __( 'with the API key typed above', 'iacp' );
		default:
			return __( 'without an API key', 'iacp' );
	}
}

/** Empty when the server did not say (an older plugin version answered). */
export function connectionReport( result: ConnectionTestResult ): string {
	if ( ! result.tried || ! result.answer ) {
		return '';
	}
	const asked = sprintf(
		/* translators: 1: HTTP method, 2: URL, 3: "with the saved API key" or similar. */
		__( 'Tried %1$s %2$s %3$s', 'iacp' ),
		result.tried.method,
		result.tried.url,
		keyWords( result.tried.key )
	);
	const answered =
		result.answer.status === null
			? sprintf(
					/* translators: %d: milliseconds. */
					__( 'no answer after %d ms', 'iacp' ),
					result.answer.elapsed_ms
				)
			: sprintf(
					/* translators: 1: HTTP status code, 2: milliseconds. */
					__( 'the provider answered HTTP %1$d in %2$d ms', 'iacp' ),
					result.answer.status,
					result.answer.elapsed_ms
				);
	/* translators: 1: what was tried, 2: what came back. */
	return sprintf( __( '%1$s: %2$s.', 'iacp' ), asked, answered );
}
