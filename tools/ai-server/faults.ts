/**
 * Fault kinds, their OpenAI-format error responses, and the per-key / global fault counters.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { parseFaultSpec, type FaultSpec } from './directives';
import { HttpError, sendError } from './http-util';

export const FAULT_KINDS = [
	'400',
	'401',
	'403',
	'404',
	'422',
	'429',
	'500',
	'503',
	'hang',
	'drop',
	'stall',
	'malformed',
	'slow',
] as const;

export type FaultKind = ( typeof FAULT_KINDS )[ number ];

/** Latency added by the `slow` fault. */
export const SLOW_LATENCY_MS = 2000;

export function isFaultKind( value: string ): value is FaultKind {
	return ( FAULT_KINDS as readonly string[] ).includes( value );
}

/** Builds the OpenAI-format error for a status-code fault, or null for behavioural faults. */
export function faultError(
	kind: FaultKind,
	model: string | null,
	retryAfterS: number
): HttpError | null {
	const modelName = model ?? 'unknown';
	switch ( kind ) {
		case '400':
			return new HttpError(
				400,
				'Invalid request (simulated by the IACP test AI server).',
				'invalid_request_error'
			);
		case '401':
			return new HttpError(
				401,
				'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.',
				'invalid_request_error',
				null,
				'invalid_api_key'
			);
		case '403':
			return new HttpError(
				403,
				`You are not allowed to use the model \`${ modelName }\` (simulated).`,
				'permission_error',
				null,
				'permission_denied'
			);
		case '404':
			return new HttpError(
				404,
				`The model \`${ modelName }\` does not exist or you do not have access to it.`,
				'invalid_request_error',
				'model',
				'model_not_found'
			);
		case '422':
			return new HttpError(
				422,
				'Your request was rejected as a result of our safety system (simulated content policy violation).',
				'invalid_request_error',
				null,
				'content_policy_violation'
			);
		case '429':
			return new HttpError(
				429,
				`Rate limit reached for ${ modelName } (simulated). Please try again in ${ retryAfterS }s.`,
				'requests',
				null,
				'rate_limit_exceeded',
				{
					'Retry-After': String( retryAfterS ),
					'x-ratelimit-limit-requests': '60',
					'x-ratelimit-remaining-requests': '0',
					'x-ratelimit-reset-requests': `${ retryAfterS }s`,
				}
			);
		case '500':
			return new HttpError(
				500,
				'The server had an error while processing your request (simulated).',
				'server_error',
				null,
				'server_error'
			);
		case '503':
			return new HttpError(
				503,
				'The engine is currently overloaded, please try again later (simulated).',
				'server_error',
				null,
				'service_unavailable'
			);
		default:
			return null;
	}
}

/** Sends a 200 JSON response whose body is not valid JSON. */
export function sendMalformed( res: ServerResponse ): void {
	const body =
		'{"id": "chatcmpl-malformed", "object": "chat.completion", "choices": [ {"index": 0, "message": ';
	res.writeHead( 200, {
		'Content-Type': 'application/json',
		'Content-Length': Buffer.byteLength( body ),
	} );
	res.end( body );
}

/** Sends headers promising a body, then destroys the socket. */
export function sendDrop( res: ServerResponse ): void {
	res.writeHead( 200, {
		'Content-Type': 'application/json',
		'Content-Length': '4096',
	} );
	res.write( '{"id": "chatcmpl-drop", ' );
	setTimeout( () => res.socket?.destroy(), 20 );
}

/** Sends headers promising a body and a first part of it, then nothing more: the socket stays open. */
export function sendStall( res: ServerResponse ): void {
	res.writeHead( 200, {
		'Content-Type': 'application/json',
		'Content-Length': '4096',
	} );
	res.write( '{"id": "chatcmpl-stall", ' );
}

/** Applies a non-streaming fault. Returns true when the response has been handled. */
export function applyFault(
	res: ServerResponse,
	kind: FaultKind,
	model: string | null,
	retryAfterS: number
): boolean {
	const err = faultError( kind, model, retryAfterS );
	if ( err ) {
		sendError( res, err );
		return true;
	}
	switch ( kind ) {
		case 'hang':
			// Never answer; the socket is destroyed when the client gives up or the server closes.
			return true;
		case 'drop':
			sendDrop( res );
			return true;
		case 'stall':
			sendStall( res );
			return true;
		case 'malformed':
			sendMalformed( res );
			return true;
		default:
			return false;
	}
}

export interface FaultSources {
	/** Raw X-IACP-Fault header value. */
	header: string | null;
	/** Requested model name (a `fault-KIND` model selects KIND). */
	model: string | null;
	/** Fault directive parsed from the prompt text. */
	directive: FaultSpec | null;
	/** Text identifying the request, used as the counter key when a spec has `times` but no `key`. */
	requestText: string;
}

export class FaultState {
	private counters = new Map< string, number >();
	private global: { kind: FaultKind; remaining: number } | null = null;

	reset(): void {
		this.counters.clear();
		this.global = null;
	}

	setGlobal( kind: FaultKind | null, times: number ): void {
		this.global =
			kind === null || times <= 0 ? null : { kind, remaining: times };
	}

	getGlobal(): { kind: FaultKind; remaining: number } | null {
		return this.global ? { ...this.global } : null;
	}

	/**
	 * Decides which fault (if any) this request gets. Precedence: header, model name,
	 * directive, then the global next-N fault. Throws a 400 HttpError for unknown kinds.
	 *
	 * @param sources Where faults can come from.
	 */
	resolve( sources: FaultSources ): FaultKind | null {
		const spec = this.pickSpec( sources );
		if ( spec ) {
			if ( ! isFaultKind( spec.kind ) ) {
				throw new HttpError(
					400,
					`Unknown IACP fault kind "${ spec.kind }". Known: ${ FAULT_KINDS.join( ', ' ) }.`,
					'invalid_request_error',
					null,
					'unknown_fault_kind'
				);
			}
			if ( spec.times === null ) {
				return spec.kind;
			}
			const key =
				spec.key ??
				`${ spec.kind }:${ createHash( 'sha256' ).update( sources.requestText ).digest( 'hex' ) }`;
			const seen = ( this.counters.get( key ) ?? 0 ) + 1;
			this.counters.set( key, seen );
			return seen <= spec.times ? spec.kind : null;
		}
		if ( this.global ) {
			const kind = this.global.kind;
			this.global.remaining--;
			if ( this.global.remaining <= 0 ) {
				this.global = null;
			}
			return kind;
		}
		return null;
	}

	private pickSpec( sources: FaultSources ): FaultSpec | null {
		if ( sources.header !== null && sources.header.trim() !== '' ) {
			const spec = parseFaultSpec( sources.header );
			if ( spec ) {
				return spec;
			}
		}
		if ( sources.model !== null && sources.model.startsWith( 'fault-' ) ) {
			return {
				kind: sources.model.slice( 'fault-'.length ).toLowerCase(),
				times: null,
				key: null,
			};
		}
		return sources.directive;
	}
}
