/**
 * API failures as `Error`s with a code, the HTTP status, the offending field and how long to wait before retrying.
 */
import { __, sprintf } from '@wordpress/i18n';

export interface ApiErrorDetails {
	code: string;
	status: number;
	field?: string | null;
	retryAfter?: number | null;
	resetsAt?: string | null;
}

export class ApiError extends Error {
	readonly code: string;
	readonly status: number;
	readonly field: string | null;
	/** Seconds to wait before trying again (from Retry-After), when the server said. */
	readonly retryAfter: number | null;
	readonly resetsAt: string | null;

	constructor( message: string, details: ApiErrorDetails ) {
		super( message );
		this.name = 'ApiError';
		this.code = details.code;
		this.status = details.status;
		this.field = details.field ?? null;
		this.retryAfter = details.retryAfter ?? null;
		this.resetsAt = details.resetsAt ?? null;
	}
}

export function isApiError( error: unknown ): error is ApiError {
	return error instanceof ApiError;
}

function isRecord( value: unknown ): value is Record< string, unknown > {
	return typeof value === 'object' && value !== null;
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function parseRetryAfter(
	header: string | null,
	now: number = Date.now()
): number | null {
	if ( header === null || header.trim() === '' ) {
		return null;
	}
	const trimmed = header.trim();
	if ( /^\d+$/.test( trimmed ) ) {
		return Number( trimmed );
	}
	const date = Date.parse( trimmed );
	if ( Number.isNaN( date ) ) {
		return null;
	}
	return Math.max( 0, Math.ceil( ( date - now ) / 1000 ) );
}

/** Maps a WP REST error body (`{ code, message, data: { status, field } }`) and its response onto an ApiError. */
export function errorFromBody(
	body: unknown,
	status: number,
	retryAfterHeader: string | null = null
): ApiError {
	const record = isRecord( body ) ? body : {};
	const data = isRecord( record.data ) ? record.data : {};
	const code =
		typeof record.code === 'string' ? record.code : `http_${ status }`;
	const message =
		typeof record.message === 'string' && record.message !== ''
			? record.message
			: defaultMessage( status );
	return new ApiError( message, {
		code,
		status: typeof data.status === 'number' ? data.status : status,
		field: typeof data.field === 'string' ? data.field : null,
		retryAfter: parseRetryAfter( retryAfterHeader ),
		resetsAt: typeof data.resets_at === 'string' ? data.resets_at : null,
	} );
}

function defaultMessage( status: number ): string {
	if ( status === 0 ) {
		return __(
			'The site could not be reached. Check your connection and try again.',
			'iacp'
		);
	}
	if ( status === 401 ) {
		return __( 'Your session has expired. Log in again.', 'iacp' );
	}
	if ( status === 403 ) {
		return __( 'You are not allowed to do that.', 'iacp' );
	}
	if ( status === 404 ) {
		return __( 'Not found.', 'iacp' );
	}
	if ( status === 429 ) {
		return __( 'Too many requests. Wait a moment and try again.', 'iacp' );
	}
	if ( status >= 500 ) {
		return __( 'The server had a problem. Try again shortly.', 'iacp' );
	}
	return sprintf(
		/* translators: %d: HTTP status code. */
		__( 'The request failed (HTTP %d).', 'iacp' ),
		status
	);
}

/** A message in words for any error a hook may hand back. */
export function errorMessage( error: unknown ): string {
	if ( error instanceof ApiError && error.status === 429 ) {
		if ( error.retryAfter !== null && error.retryAfter > 0 ) {
			return `${ error.message } ${ retryAfterText( error.retryAfter ) }`;
		}
	}
	if ( error instanceof Error && error.message !== '' ) {
		return error.message;
	}
	return __( 'Something went wrong.', 'iacp' );
}

function retryAfterText( seconds: number ): string {
	if ( seconds < 90 ) {
		return sprintf(
			/* translators: %d: seconds. */
			__( 'Try again in %d seconds.', 'iacp' ),
			seconds
		);
	}
	return sprintf(
		/* translators: %d: minutes. */
		__( 'Try again in %d minutes.', 'iacp' ),
		Math.ceil( seconds / 60 )
	);
}
