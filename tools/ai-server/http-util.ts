/**
 * Small HTTP helpers: JSON bodies, OpenAI-format errors, abortable sleep.
 */
import type {
	IncomingMessage,
	OutgoingHttpHeaders,
	ServerResponse,
} from 'node:http';

export const MAX_BODY_BYTES = 10 * 1024 * 1024;

/** A chat request may carry images: OpenAI takes up to 50 MB of payload per request. */
export const MAX_CHAT_BODY_BYTES = 50 * 1024 * 1024;

export class HttpError extends Error {
	constructor(
		readonly status: number,
		message: string,
		readonly type: string,
		readonly param: string | null = null,
		readonly code: string | null = null,
		readonly headers: OutgoingHttpHeaders = {}
	) {
		super( message );
	}
}

export interface OpenAiErrorBody {
	error: {
		message: string;
		type: string;
		param: string | null;
		code: string | null;
	};
}

export function sendJson(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: OutgoingHttpHeaders = {}
): void {
	if ( res.headersSent || res.destroyed ) {
		return;
	}
	const payload = JSON.stringify( body );
	res.writeHead( status, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength( payload ),
		...headers,
	} );
	res.end( payload );
}

export function sendError( res: ServerResponse, err: HttpError ): void {
	const body: OpenAiErrorBody = {
		error: {
			message: err.message,
			type: err.type,
			param: err.param,
			code: err.code,
		},
	};
	sendJson( res, err.status, body, err.headers );
}

export function readBody(
	req: IncomingMessage,
	limit = MAX_BODY_BYTES
): Promise< Buffer > {
	return new Promise( ( resolve, reject ) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on( 'data', ( chunk: Buffer ) => {
			size += chunk.length;
			if ( size > limit ) {
				reject(
					new HttpError(
						413,
						'Request body too large.',
						'invalid_request_error',
						null,
						'request_too_large'
					)
				);
				req.resume();
				return;
			}
			chunks.push( chunk );
		} );
		req.on( 'end', () => resolve( Buffer.concat( chunks ) ) );
		req.on( 'error', reject );
	} );
}

export type JsonObject = Record< string, unknown >;

export function isJsonObject( value: unknown ): value is JsonObject {
	return (
		typeof value === 'object' && value !== null && ! Array.isArray( value )
	);
}

export async function readJsonObject(
	req: IncomingMessage,
	limit = MAX_BODY_BYTES
): Promise< JsonObject > {
	const raw = await readBody( req, limit );
	let parsed: unknown;
	try {
		parsed = JSON.parse( raw.toString( 'utf8' ) );
	} catch {
		throw new HttpError(
			400,
			"We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly.)",
			'invalid_request_error'
		);
	}
	if ( ! isJsonObject( parsed ) ) {
		throw new HttpError(
			400,
			'The request body must be a JSON object.',
			'invalid_request_error'
		);
	}
	return parsed;
}

/**
 * Resolves true after `ms`, or false as soon as `signal` aborts.
 *
 * @param ms     Delay in milliseconds.
 * @param signal Abort signal (client went away / server closing).
 */
export function sleep( ms: number, signal: AbortSignal ): Promise< boolean > {
	if ( signal.aborted ) {
		return Promise.resolve( false );
	}
	if ( ms <= 0 ) {
		return Promise.resolve( true );
	}
	return new Promise( ( resolve ) => {
		const onAbort = (): void => {
			clearTimeout( timer );
			resolve( false );
		};
		const timer = setTimeout( () => {
			signal.removeEventListener( 'abort', onAbort );
			resolve( true );
		}, ms );
		signal.addEventListener( 'abort', onAbort, { once: true } );
	} );
}

export function headerValue(
	req: IncomingMessage,
	name: string
): string | null {
	const value = req.headers[ name.toLowerCase() ];
	if ( Array.isArray( value ) ) {
		return value[ 0 ] ?? null;
	}
	return value ?? null;
}
