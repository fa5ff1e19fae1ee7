/**
 * The IACP local OpenAI-compatible test AI server (node:http only).
 */
import {
	createServer,
	type IncomingMessage,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DEFAULT_CHUNK_DELAY_MS, prepareChat } from './chat';
import type { PreparedRequest } from './context';
import { handleControl, RequestLog, type RequestLogEntry } from './control';
import { applyFault, FaultState, SLOW_LATENCY_MS } from './faults';
import {
	MAX_CHAT_BODY_BYTES,
	headerValue,
	HttpError,
	readJsonObject,
	sendError,
	sendJson,
	sleep,
} from './http-util';
import { emptyDirectives } from './directives';
import { FileStore, prepareImages } from './images';

export interface AiServerOptions {
	/** Port to listen on; 0 (default) picks a free one. */
	port?: number;
	/** Interface to bind; default 127.0.0.1. */
	host?: string;
	/** Latency added before every /v1 API response; default 0. */
	latencyMs?: number;
	/** Default delay between streamed chunks; default 15 ms. */
	chunkDelayMs?: number;
}

export interface AiServer {
	/** Origin, e.g. http://127.0.0.1:8181 (append /v1 for the OpenAI base URL). */
	url: string;
	port: number;
	close: () => Promise< void >;
}

export const MODELS = [
	'iacp-text-1',
	'iacp-text-2',
	'iacp-vision-1',
	'iacp-image-1',
] as const;
const MODEL_CREATED = 1_700_000_000;

function modelObject( id: string ): Record< string, unknown > {
	return {
		id,
		object: 'model',
		created: MODEL_CREATED,
		owned_by: 'iacp-test',
	};
}

function intHeader( req: IncomingMessage, name: string ): number | null {
	const v = headerValue( req, name );
	return v !== null && /^\d+$/.test( v.trim() )
		? Number.parseInt( v.trim(), 10 )
		: null;
}

function requireAuth( req: IncomingMessage ): void {
	const auth = headerValue( req, 'authorization' );
	if ( auth === null || ! /^Bearer\s+\S+/i.test( auth.trim() ) ) {
		throw new HttpError(
			401,
			"You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
			'invalid_request_error',
			null,
			auth === null ? null : 'invalid_api_key'
		);
	}
}

/** Host part for the reported URL: wildcard binds are reachable on loopback; IPv6 gets brackets. */
function displayHost( host: string ): string {
	if ( host === '0.0.0.0' || host === '::' ) {
		return '127.0.0.1';
	}
	return host.includes( ':' ) ? `[${ host }]` : host;
}

export function startAiServer(
	options: AiServerOptions = {}
): Promise< AiServer > {
	const host = options.host ?? '127.0.0.1';
	const baseLatency = options.latencyMs ?? 0;
	const defaultChunkDelay = options.chunkDelayMs ?? DEFAULT_CHUNK_DELAY_MS;
	const faults = new FaultState();
	const log = new RequestLog();
	const files = new FileStore();
	const sockets = new Set< Socket >();
	const closing = new AbortController();

	async function answerApi(
		req: IncomingMessage,
		res: ServerResponse,
		entry: RequestLogEntry,
		signal: AbortSignal,
		prepared: PreparedRequest
	): Promise< void > {
		entry.model = prepared.model;
		entry.stream = prepared.stream;
		entry.prompt = prepared.preview || null;
		entry.images = prepared.images ?? [];
		const d = prepared.directives;
		const fault = faults.resolve( {
			header: headerValue( req, 'x-iacp-fault' ),
			model: prepared.model,
			directive: d.fault,
			requestText: prepared.promptText,
		} );
		entry.fault = fault;
		const latency = Math.max(
			baseLatency,
			intHeader( req, 'x-iacp-latency-ms' ) ?? 0,
			d.latencyMs ?? 0,
			fault === 'slow' ? SLOW_LATENCY_MS : 0
		);
		if ( ! ( await sleep( latency, signal ) ) ) {
			return;
		}
		const retryAfter =
			intHeader( req, 'x-iacp-retry-after' ) ?? d.retryAfterS ?? 1;
		if (
			fault !== null &&
			fault !== 'slow' &&
			! (
				( fault === 'drop' || fault === 'stall' ) &&
				prepared.handlesDrop
			)
		) {
			if ( applyFault( res, fault, prepared.model, retryAfter ) ) {
				return;
			}
		}
		await prepared.run( {
			res,
			signal,
			fault,
			chunkDelayMs:
				intHeader( req, 'x-iacp-chunk-delay-ms' ) ??
				d.chunkDelayMs ??
				defaultChunkDelay,
		} );
	}

	async function route(
		req: IncomingMessage,
		res: ServerResponse,
		signal: AbortSignal
	): Promise< void > {
		const method = req.method ?? 'GET';
		const path =
			new URL( req.url ?? '/', 'http://localhost' ).pathname.replace(
				/\/+$/,
				''
			) || '/';

		if ( path.startsWith( '/__control/' ) ) {
			if ( await handleControl( req, res, path, log, faults ) ) {
				return;
			}
			throw new HttpError(
				404,
				`Invalid URL (${ method } ${ path })`,
				'invalid_request_error'
			);
		}
		if ( method === 'GET' && path === '/' ) {
			sendJson( res, 200, {
				name: 'IACP test AI server',
				base_url: '/v1',
			} );
			return;
		}

		const entry = log.add( method, path );
		const started = Date.now();
		res.once( 'close', () => {
			entry.status = res.writableFinished ? res.statusCode : null;
			entry.durationMs = Date.now() - started;
		} );

		const fileMatch = /^\/v1\/files\/([a-f0-9]+)\.png$/.exec( path );
		if ( method === 'GET' && fileMatch ) {
			const png = files.get( fileMatch[ 1 ] ?? '' );
			if ( ! png ) {
				throw new HttpError(
					404,
					'No such file.',
					'invalid_request_error',
					null,
					'file_not_found'
				);
			}
			res.writeHead( 200, {
				'Content-Type': 'image/png',
				'Content-Length': png.length,
			} );
			res.end( png );
			return;
		}

		if ( ! path.startsWith( '/v1/' ) ) {
			throw new HttpError(
				404,
				`Invalid URL (${ method } ${ path })`,
				'invalid_request_error'
			);
		}
		requireAuth( req );

		const empty: PreparedRequest = {
			model: null,
			stream: false,
			promptText: '',
			preview: '',
			directives: emptyDirectives(),
			handlesDrop: false,
			run: () => undefined,
		};
		if ( method === 'GET' && path === '/v1/models' ) {
			await answerApi( req, res, entry, signal, {
				...empty,
				run: ( ctx ) =>
					sendJson( ctx.res, 200, {
						object: 'list',
						data: MODELS.map( modelObject ),
					} ),
			} );
			return;
		}
		const modelMatch = /^\/v1\/models\/([^/]+)$/.exec( path );
		if ( method === 'GET' && modelMatch ) {
			const id = decodeURIComponent( modelMatch[ 1 ] ?? '' );
			await answerApi( req, res, entry, signal, {
				...empty,
				model: id,
				run: ( ctx ) => {
					if ( ! ( MODELS as readonly string[] ).includes( id ) ) {
						throw new HttpError(
							404,
							`The model \`${ id }\` does not exist or you do not have access to it.`,
							'invalid_request_error',
							'model',
							'model_not_found'
						);
					}
					sendJson( ctx.res, 200, modelObject( id ) );
				},
			} );
			return;
		}
		if ( method === 'POST' && path === '/v1/chat/completions' ) {
			await answerApi(
				req,
				res,
				entry,
				signal,
				prepareChat( await readJsonObject( req, MAX_CHAT_BODY_BYTES ) )
			);
			return;
		}
		if ( method === 'POST' && path === '/v1/images/generations' ) {
			const origin = `http://${ headerValue( req, 'host' ) ?? `${ host }:${ String( actualPort ) }` }`;
			await answerApi(
				req,
				res,
				entry,
				signal,
				prepareImages( await readJsonObject( req ), files, origin )
			);
			return;
		}
		throw new HttpError(
			404,
			`Invalid URL (${ method } ${ path })`,
			'invalid_request_error'
		);
	}

	let actualPort = 0;
	const server = createServer( ( req, res ) => {
		const controller = new AbortController();
		const abort = (): void => controller.abort();
		res.once( 'close', abort );
		closing.signal.addEventListener( 'abort', abort, { once: true } );
		res.once( 'close', () =>
			closing.signal.removeEventListener( 'abort', abort )
		);
		route( req, res, controller.signal ).catch( ( err: unknown ) => {
			if ( res.headersSent || res.destroyed ) {
				res.destroy();
				return;
			}
			if ( err instanceof HttpError ) {
				sendError( res, err );
				return;
			}
			sendError(
				res,
				new HttpError(
					500,
					`Internal test server error: ${ err instanceof Error ? err.message : String( err ) }`,
					'server_error'
				)
			);
		} );
	} );
	server.on( 'connection', ( socket: Socket ) => {
		sockets.add( socket );
		socket.once( 'close', () => sockets.delete( socket ) );
	} );

	return new Promise( ( resolve, reject ) => {
		server.once( 'error', reject );
		server.listen( options.port ?? 0, host, () => {
			server.off( 'error', reject );
			actualPort = ( server.address() as AddressInfo ).port;
			const urlHost = displayHost( host );
			let closed: Promise< void > | null = null;
			resolve( {
				url: `http://${ urlHost }:${ actualPort }`,
				port: actualPort,
				close: () => {
					closed ??= new Promise< void >( ( done ) => {
						closing.abort();
						server.close( () => done() );
						for ( const socket of sockets ) {
							socket.destroy();
						}
					} );
					return closed;
				},
			} );
		} );
	} );
}
