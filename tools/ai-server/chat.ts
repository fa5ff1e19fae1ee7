/**
 * POST /v1/chat/completions: deterministic replies, streamed or not.
 *
 * Reply rule (documented in README.md):
 *   `"<first 6 words of the last user message>" — <2–4 generated sentences>`
 * With `[[lines:N]]`, N paragraphs (each 2–4 sentences) separated by a blank line; the
 * quoted prefix starts the first one. Directives are stripped before anything is derived,
 * and the PRNG seed is the SHA-256 of the (role, stripped content) list.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { PreparedRequest, RunContext } from './context';
import { parseDirectives, stripDirectives } from './directives';
import {
	HttpError,
	isJsonObject,
	sendJson,
	sleep,
	type JsonObject,
} from './http-util';
import { mulberry32, paragraph, seedFrom } from './text';
import {
	describeImage,
	imageTokens,
	isVisionModel,
	notVisionError,
	readImagePart,
	type ReceivedImage,
} from './vision';

export const DEFAULT_CHUNK_DELAY_MS = 15;

/** How long a stalled stream stays silent: longer than any client waits (the server's close ends it sooner). */
const STALL_MS = 10 * 60 * 1000;

export interface ChatMessage {
	role: string;
	content: string;
	/** Image content parts (vision models only), in order. */
	images?: ReceivedImage[];
}

export interface Usage {
	prompt_tokens: number;
	completion_tokens: number;
	total_tokens: number;
}

/** Number of words quoted from the last user message at the start of each reply. */
export const ECHO_WORDS = 6;

const PART_TYPES = [ 'text', 'image_url', 'input_audio', 'refusal', 'file' ];

/**
 * A message's text and images. Image parts are read only for a vision model and a user message; other models get
 * the 400 OpenAI sends.
 *
 * @param content The message's `content`.
 * @param index   The message's index.
 * @param role    The message's role.
 * @param vision  Whether the model takes images.
 */
function readContent(
	content: unknown,
	index: number,
	role: string,
	vision: boolean
): { text: string; images: ReceivedImage[] } {
	if ( content === null || content === undefined ) {
		return { text: '', images: [] };
	}
	if ( typeof content === 'string' ) {
		return { text: content, images: [] };
	}
	if ( ! Array.isArray( content ) ) {
		throw new HttpError(
			400,
			`Invalid type for 'messages[${ index }].content': expected a string or an array of content parts.`,
			'invalid_request_error',
			`messages[${ index }].content`,
			'invalid_type'
		);
	}
	let text = '';
	const images: ReceivedImage[] = [];
	content.forEach( ( part: unknown, p: number ) => {
		const type = isJsonObject( part ) ? part.type : undefined;
		if (
			! isJsonObject( part ) ||
			typeof type !== 'string' ||
			! PART_TYPES.includes( type )
		) {
			throw new HttpError(
				400,
				`Invalid value: '${ String( type ) }'. Supported values are: 'text', 'image_url', 'input_audio', 'refusal', and 'file'.`,
				'invalid_request_error',
				`messages[${ index }].content[${ p }].type`,
				'invalid_value'
			);
		}
		if ( type === 'text' && typeof part.text === 'string' ) {
			text += part.text;
		}
		if ( type !== 'image_url' ) {
			return;
		}
		if ( ! vision ) {
			throw notVisionError(
				`messages.[${ index }].content.[${ p }].type`
			);
		}
		if ( role !== 'user' ) {
			throw new HttpError(
				400,
				`Invalid 'messages[${ index }]': image content parts are only allowed in messages with role 'user'.`,
				'invalid_request_error',
				`messages[${ index }].content[${ p }]`,
				'invalid_value'
			);
		}
		images.push(
			readImagePart( part, `messages[${ index }].content[${ p }]` )
		);
	} );
	return { text, images };
}

/**
 * The request's messages, their text and images.
 *
 * @param value  The request's `messages`.
 * @param vision Whether the model takes image parts (default true: conversations without images do not care).
 */
export function parseMessages( value: unknown, vision = true ): ChatMessage[] {
	if ( ! Array.isArray( value ) || value.length === 0 ) {
		throw new HttpError(
			400,
			"Invalid 'messages': expected a non-empty array of messages.",
			'invalid_request_error',
			'messages',
			value === undefined ? 'missing_required_parameter' : 'invalid_type'
		);
	}
	return value.map( ( m: unknown, i: number ): ChatMessage => {
		if ( ! isJsonObject( m ) || typeof m.role !== 'string' ) {
			throw new HttpError(
				400,
				`Invalid 'messages[${ i }]': each message needs a string 'role'.`,
				'invalid_request_error',
				`messages[${ i }].role`,
				'invalid_type'
			);
		}
		const { text, images } = readContent( m.content, i, m.role, vision );
		return images.length > 0
			? { role: m.role, content: text, images }
			: { role: m.role, content: text };
	} );
}

/** ceil(characters / 4). */
export function countTokens( text: string ): number {
	return Math.ceil( text.length / 4 );
}

/**
 * The deterministic reply for a conversation.
 *
 * @param messages Conversation as sent (directives are stripped here).
 */
export function generateReply( messages: readonly ChatMessage[] ): string {
	// A vision request is answered with a literal description of the last user message's images.
	const images = [ ...messages ]
		.reverse()
		.find( ( m ) => m.role === 'user' )?.images;
	if ( images !== undefined && images.length > 0 ) {
		return images.map( describeImage ).join( ' ' );
	}
	const clean = messages.map( ( m ) => ( {
		role: m.role,
		content: stripDirectives( m.content ).trim(),
	} ) );
	const raw = messages.map( ( m ) => m.content ).join( '\n' );
	const paragraphs = parseDirectives( raw ).lines ?? 1;
	const rng = mulberry32(
		seedFrom(
			JSON.stringify( clean.map( ( m ) => [ m.role, m.content ] ) )
		)
	);

	const lastUser = [ ...clean ].reverse().find( ( m ) => m.role === 'user' );
	const words = ( lastUser?.content ?? '' )
		.split( /\s+/ )
		.filter( ( w ) => w !== '' );
	const prefix =
		words.length > 0
			? `"${ words.slice( 0, ECHO_WORDS ).join( ' ' ) }" — `
			: '';

	const out: string[] = [];
	for ( let i = 0; i < paragraphs; i++ ) {
		out.push( paragraph( rng ) );
	}
	return prefix + out.join( '\n\n' );
}

/** Splits content into stream pieces (one per word, trailing whitespace attached); joined they equal the content. */
export function streamPieces( content: string ): string[] {
	return content.match( /^\s+|\S+\s*/g ) ?? [];
}

function optionalPositiveInt( body: JsonObject, name: string ): number | null {
	const v = body[ name ];
	if ( v === undefined || v === null ) {
		return null;
	}
	if ( typeof v !== 'number' || ! Number.isInteger( v ) || v < 1 ) {
		throw new HttpError(
			400,
			`Invalid '${ name }': expected a positive integer.`,
			'invalid_request_error',
			name,
			'invalid_value'
		);
	}
	return v;
}

export function requireModel( body: JsonObject ): string {
	const model = body.model;
	if ( typeof model !== 'string' || model === '' ) {
		throw new HttpError(
			400,
			'you must provide a model parameter',
			'invalid_request_error',
			'model',
			'missing_required_parameter'
		);
	}
	return model;
}

function newId(): string {
	return `chatcmpl-${ randomBytes( 12 ).toString( 'hex' ) }`;
}

function writeEvent( res: ServerResponse, data: unknown ): void {
	res.write(
		`data: ${ typeof data === 'string' ? data : JSON.stringify( data ) }\n\n`
	);
}

/**
 * Validates a chat completion request body.
 *
 * @param body Parsed JSON body.
 */
export function prepareChat( body: JsonObject ): PreparedRequest {
	const model = requireModel( body );
	const messages = parseMessages( body.messages, isVisionModel( model ) );
	if (
		body.stream !== undefined &&
		body.stream !== null &&
		typeof body.stream !== 'boolean'
	) {
		throw new HttpError(
			400,
			"Invalid 'stream': expected a boolean.",
			'invalid_request_error',
			'stream',
			'invalid_type'
		);
	}
	const promptText = messages.map( ( m ) => m.content ).join( '\n' );
	const directives = parseDirectives( promptText );
	if (
		directives.server.includes( 'no-stream-options' ) &&
		body.stream_options !== undefined
	) {
		throw new HttpError(
			400,
			'Unrecognized request argument supplied: stream_options',
			'invalid_request_error'
		);
	}
	// A server that cannot stream answers one JSON document, whatever was asked.
	const stream =
		body.stream === true && ! directives.server.includes( 'no-streaming' );
	const omitUsage = directives.usage === 'none';
	const includeUsage =
		! omitUsage &&
		isJsonObject( body.stream_options ) &&
		body.stream_options.include_usage === true;
	const maxTokens =
		optionalPositiveInt( body, 'max_completion_tokens' ) ??
		optionalPositiveInt( body, 'max_tokens' );

	const lastUser = [ ...messages ]
		.reverse()
		.find( ( m ) => m.role === 'user' );

	return {
		model,
		// The request log shows what the client asked for, also when this server answers without streaming.
		stream: body.stream === true,
		promptText,
		preview: ( lastUser?.content ?? '' ).slice( 0, 500 ),
		images: messages.flatMap( ( m ) => m.images ?? [] ),
		directives,
		handlesDrop: stream,
		run: async ( ctx: RunContext ): Promise< void > => {
			let content = generateReply( messages );
			let finishReason: 'stop' | 'length' = 'stop';
			if ( maxTokens !== null && countTokens( content ) > maxTokens ) {
				content = content.slice( 0, maxTokens * 4 );
				finishReason = 'length';
			}
			const usage: Usage = {
				prompt_tokens:
					countTokens(
						messages.map( ( m ) => m.content ).join( '' )
					) +
					messages
						.flatMap( ( m ) => m.images ?? [] )
						.reduce(
							( sum, image ) => sum + imageTokens( image ),
							0
						),
				completion_tokens: countTokens( content ),
				total_tokens: 0,
			};
			usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
			const id = newId();
			const created = Math.floor( Date.now() / 1000 );

			if ( ! stream ) {
				sendJson( ctx.res, 200, {
					id,
					object: 'chat.completion',
					created,
					model,
					system_fingerprint: 'fp_iacp_test',
					choices: [
						{
							index: 0,
							message: {
								role: 'assistant',
								content,
								refusal: null,
							},
							logprobs: null,
							finish_reason: finishReason,
						},
					],
					...( omitUsage ? {} : { usage } ),
				} );
				return;
			}

			const { res, signal } = ctx;
			res.writeHead( 200, {
				'Content-Type': 'text/event-stream; charset=utf-8',
				'Cache-Control': 'no-cache',
				Connection: 'keep-alive',
			} );
			res.flushHeaders();
			const chunk = (
				delta: Record< string, unknown >,
				finish: string | null
			): Record< string, unknown > => ( {
				id,
				object: 'chat.completion.chunk',
				created,
				model,
				system_fingerprint: 'fp_iacp_test',
				choices: [
					{ index: 0, delta, logprobs: null, finish_reason: finish },
				],
				...( includeUsage ? { usage: null } : {} ),
			} );

			writeEvent(
				res,
				chunk( { role: 'assistant', content: '', refusal: null }, null )
			);
			const pieces = streamPieces( content );
			const breakAfter =
				ctx.fault === 'drop' || ctx.fault === 'stall'
					? Math.min( 3, Math.max( 1, pieces.length - 1 ) )
					: -1;
			for ( let i = 0; i < pieces.length; i++ ) {
				if ( ! ( await sleep( ctx.chunkDelayMs, signal ) ) ) {
					return;
				}
				writeEvent( res, chunk( { content: pieces[ i ] }, null ) );
				if ( i + 1 === breakAfter && ctx.fault === 'drop' ) {
					await sleep( 20, signal );
					res.socket?.destroy();
					return;
				}
				if ( i + 1 === breakAfter ) {
					// stall: the connection stays open and nothing more comes, until the client gives up.
					await sleep( STALL_MS, signal );
					return;
				}
			}
			if ( ! ( await sleep( ctx.chunkDelayMs, signal ) ) ) {
				return;
			}
			writeEvent( res, chunk( {}, finishReason ) );
			if ( includeUsage ) {
				writeEvent( res, {
					id,
					object: 'chat.completion.chunk',
					created,
					model,
					system_fingerprint: 'fp_iacp_test',
					choices: [],
					usage,
				} );
			}
			writeEvent( res, '[DONE]' );
			res.end();
		},
	};
}
