/**
 * Request log and the /__control routes used by tests.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FaultState, isFaultKind } from './faults';
import type { ReceivedImage } from './vision';
import { HttpError, readJsonObject, sendJson } from './http-util';

export const MAX_LOG_ENTRIES = 1000;

export interface RequestLogEntry {
	id: number;
	/** ISO time the request arrived. */
	time: string;
	method: string;
	path: string;
	model: string | null;
	stream: boolean;
	/** Fault kind applied, or null. */
	fault: string | null;
	/** HTTP status sent, or null when no response was completed (hang, drop, client gone). */
	status: number | null;
	durationMs: number | null;
	/** First 500 characters of the last user message / image prompt. */
	prompt: string | null;
	/** Image content parts received: media type, decoded bytes, dimensions, main colour (never the data). */
	images: ReceivedImage[];
}

export class RequestLog {
	private entries: RequestLogEntry[] = [];
	private nextId = 1;

	add( method: string, path: string ): RequestLogEntry {
		const entry: RequestLogEntry = {
			id: this.nextId++,
			time: new Date().toISOString(),
			method,
			path,
			model: null,
			stream: false,
			fault: null,
			status: null,
			durationMs: null,
			prompt: null,
			images: [],
		};
		this.entries.push( entry );
		if ( this.entries.length > MAX_LOG_ENTRIES ) {
			this.entries.splice( 0, this.entries.length - MAX_LOG_ENTRIES );
		}
		return entry;
	}

	list(): RequestLogEntry[] {
		return this.entries.map( ( e ) => ( { ...e } ) );
	}

	clear(): void {
		this.entries = [];
	}
}

/**
 * Handles /__control/* routes. Returns false when the path is not a control route.
 *
 * @param req    Request.
 * @param res    Response.
 * @param path   URL path.
 * @param log    Request log.
 * @param faults Fault state.
 */
export async function handleControl(
	req: IncomingMessage,
	res: ServerResponse,
	path: string,
	log: RequestLog,
	faults: FaultState
): Promise< boolean > {
	const route = `${ req.method ?? 'GET' } ${ path }`;
	switch ( route ) {
		case 'GET /__control/health':
			sendJson( res, 200, { ok: true } );
			return true;
		case 'POST /__control/reset':
			log.clear();
			faults.reset();
			sendJson( res, 200, { ok: true } );
			return true;
		case 'GET /__control/requests':
			sendJson( res, 200, log.list() );
			return true;
		case 'POST /__control/fault': {
			const body = await readJsonObject( req );
			const kind = body.kind ?? null;
			const times = body.times ?? 1;
			if (
				kind !== null &&
				( typeof kind !== 'string' || ! isFaultKind( kind ) )
			) {
				throw new HttpError(
					400,
					`Unknown fault kind ${ JSON.stringify( kind ) }.`,
					'invalid_request_error',
					'kind'
				);
			}
			if (
				typeof times !== 'number' ||
				! Number.isInteger( times ) ||
				times < 0
			) {
				throw new HttpError(
					400,
					"'times' must be a non-negative integer.",
					'invalid_request_error',
					'times'
				);
			}
			faults.setGlobal( kind, times );
			sendJson( res, 200, { ok: true, fault: faults.getGlobal() } );
			return true;
		}
		default:
			return false;
	}
}
