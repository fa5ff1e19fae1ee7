/**
 * Per-request directives embedded in prompt text, e.g. `[[fault:429 times=2 key=k1]]`.
 *
 * Directive names: fault, latency, chunk-delay, retry-after, lines, image-response, usage, server.
 * The first occurrence of each name wins. Directives are stripped from the text
 * before the deterministic reply is derived from it.
 */

export interface FaultSpec {
	kind: string;
	/** Fail only the first `times` requests carrying `key`; null = always fail. */
	times: number | null;
	key: string | null;
}

export interface Directives {
	fault: FaultSpec | null;
	latencyMs: number | null;
	chunkDelayMs: number | null;
	retryAfterS: number | null;
	lines: number | null;
	/** Answer image requests in this format whatever they asked for (servers that only return URLs). */
	imageResponse: 'url' | 'b64_json' | null;
	/** `none`: answer without token usage, like servers that ignore `stream_options.include_usage`. */
	usage: 'none' | null;
	/** Behaviours of less capable servers this request meets (`[[server:no-stream-options]]` …). */
	server: ServerQuirk[];
}

/**
 * - `no-stream-options`: refuses `stream_options` with a 400, as older vLLM builds and some proxies do;
 * - `no-streaming`: ignores `stream: true` and answers one JSON document, as servers that cannot stream do.
 */
export const SERVER_QUIRKS = [ 'no-stream-options', 'no-streaming' ] as const;
export type ServerQuirk = ( typeof SERVER_QUIRKS )[ number ];

const DIRECTIVE_RE =
	/\[\[\s*(fault|latency|chunk-delay|retry-after|lines|image-response|usage|server)\s*:\s*([^\]]*?)\s*\]\]/gi;

function parseNonNegativeInt( value: string ): number | null {
	if ( ! /^\d+$/.test( value.trim() ) ) {
		return null;
	}
	return Number.parseInt( value.trim(), 10 );
}

/**
 * Parses `KIND [times=N] [key=K]` (used by the directive and the X-IACP-Fault header).
 *
 * @param spec Raw specification text.
 */
export function parseFaultSpec( spec: string ): FaultSpec | null {
	const parts = spec
		.trim()
		.split( /[\s;,]+/ )
		.filter( ( p ) => p !== '' );
	const kind = parts.shift();
	if ( kind === undefined ) {
		return null;
	}
	const result: FaultSpec = {
		kind: kind.toLowerCase(),
		times: null,
		key: null,
	};
	for ( const part of parts ) {
		const eq = part.indexOf( '=' );
		if ( eq < 0 ) {
			continue;
		}
		const name = part.slice( 0, eq ).toLowerCase();
		const value = part.slice( eq + 1 );
		if ( name === 'times' ) {
			result.times = parseNonNegativeInt( value );
		} else if ( name === 'key' && value !== '' ) {
			result.key = value;
		}
	}
	return result;
}

export function emptyDirectives(): Directives {
	return {
		fault: null,
		latencyMs: null,
		chunkDelayMs: null,
		retryAfterS: null,
		lines: null,
		imageResponse: null,
		usage: null,
		server: [],
	};
}

/**
 * Collects directives from the given text.
 *
 * @param text Prompt text (all chat message contents joined, or the image prompt).
 */
export function parseDirectives( text: string ): Directives {
	const result = emptyDirectives();
	for ( const match of text.matchAll( DIRECTIVE_RE ) ) {
		const name = ( match[ 1 ] ?? '' ).toLowerCase();
		const value = match[ 2 ] ?? '';
		switch ( name ) {
			case 'fault':
				result.fault ??= parseFaultSpec( value );
				break;
			case 'latency':
				result.latencyMs ??= parseNonNegativeInt( value );
				break;
			case 'chunk-delay':
				result.chunkDelayMs ??= parseNonNegativeInt( value );
				break;
			case 'retry-after':
				result.retryAfterS ??= parseNonNegativeInt( value );
				break;
			case 'image-response': {
				const format = value.trim().toLowerCase();
				if ( format === 'url' || format === 'b64_json' ) {
					result.imageResponse ??= format;
				}
				break;
			}
			case 'usage':
				if ( value.trim().toLowerCase() === 'none' ) {
					result.usage ??= 'none';
				}
				break;
			case 'server': {
				const quirk = value.trim().toLowerCase();
				if (
					( SERVER_QUIRKS as readonly string[] ).includes( quirk ) &&
					! result.server.includes( quirk as ServerQuirk )
				) {
					result.server.push( quirk as ServerQuirk );
				}
				break;
			}
			case 'lines': {
				const n = parseNonNegativeInt( value );
				if ( n !== null && n > 0 ) {
					result.lines ??= Math.min( n, 50 );
				}
				break;
			}
		}
	}
	return result;
}

/**
 * Removes every directive from the text.
 *
 * @param text Text possibly containing directives.
 */
export function stripDirectives( text: string ): string {
	return text.replace( DIRECTIVE_RE, '' );
}
