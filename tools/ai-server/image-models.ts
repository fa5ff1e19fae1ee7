/**
 * What each image model accepts, as the real APIs document it: sizes, how many images per request (`n`) and
 * whether `response_format` exists. A request outside a model's contract gets the 400 body the real API sends.
 *
 * Known model families (matched on the id without a `vendor/` prefix; the longest matching name wins, so dated
 * snapshots such as `dall-e-3-2023-11` match too):
 * - `gpt-image-1`, `gpt-image-1-mini`, `gpt-image-1.5`, `gpt-image-2`: 1024x1024, 1536x1024, 1024x1536 or
 *   `auto`; n 1–10; always base64, and `response_format` is an unknown parameter.
 * - `dall-e-3`: 1024x1024, 1792x1024, 1024x1792; n = 1 only; `url` (default) or `b64_json`.
 * - `dall-e-2`: 256x256, 512x512, 1024x1024; n 1–10; `url` (default) or `b64_json`.
 * Every other model name (the server's own `iacp-image-1` included) keeps the test server's broad contract.
 */
import { HttpError } from './http-util';

export interface ImageModelContract {
	/** The family this model belongs to (for the request log and tests). */
	family: string;
	sizes: readonly string[];
	maxN: number;
	/** Whether the API knows `response_format` at all. */
	acceptsResponseFormat: boolean;
	/** What the model answers when no `response_format` is sent. */
	defaultFormat: 'url' | 'b64_json';
	/** The error the real API sends for a size outside `sizes`. */
	sizeError: ( size: unknown ) => HttpError;
	/** The error the real API sends for an `n` above `maxN`. */
	nError: ( n: number ) => HttpError;
}

const quoted = ( values: readonly string[] ): string =>
	values.map( ( v ) => `'${ v }'` ).join( ', ' );

const GPT_IMAGE_SIZES = [ '1024x1024', '1536x1024', '1024x1536', 'auto' ];

const gptImage: ImageModelContract = {
	family: 'gpt-image',
	sizes: GPT_IMAGE_SIZES,
	maxN: 10,
	acceptsResponseFormat: false,
	defaultFormat: 'b64_json',
	sizeError: ( size ) =>
		new HttpError(
			400,
			`Invalid value: '${ String( size ) }'. Supported values are: '1024x1024', '1024x1536', '1536x1024', and 'auto'.`,
			'invalid_request_error',
			'size',
			'invalid_value'
		),
	nError: ( n ) =>
		new HttpError(
			400,
			`Invalid 'n': integer above maximum value. Expected a value <= 10, but got ${ n } instead.`,
			'invalid_request_error',
			'n',
			'integer_above_max_value'
		),
};

const dallE3: ImageModelContract = {
	family: 'dall-e-3',
	sizes: [ '1024x1024', '1792x1024', '1024x1792' ],
	maxN: 1,
	acceptsResponseFormat: true,
	defaultFormat: 'url',
	sizeError: () =>
		new HttpError(
			400,
			'The size is not supported by this model.',
			'invalid_request_error',
			null,
			'invalid_size'
		),
	nError: () =>
		new HttpError(
			400,
			'You must provide n=1 for this model.',
			'invalid_request_error'
		),
};

const DALL_E_2_SIZES = [ '256x256', '512x512', '1024x1024' ];

const dallE2: ImageModelContract = {
	family: 'dall-e-2',
	sizes: DALL_E_2_SIZES,
	maxN: 10,
	acceptsResponseFormat: true,
	defaultFormat: 'url',
	sizeError: ( size ) =>
		new HttpError(
			400,
			`'${ String( size ) }' is not one of [${ quoted( DALL_E_2_SIZES ) }] - 'size'`,
			'invalid_request_error'
		),
	nError: ( n ) =>
		new HttpError(
			400,
			`${ n } is greater than the maximum of 10 - 'n'`,
			'invalid_request_error'
		),
};

/** The test server's own contract, for `iacp-image-1` and any model it does not know. */
export const TEST_SERVER_SIZES = [
	'256x256',
	'512x512',
	'1024x1024',
	'1536x1024',
	'1024x1536',
	'1024x1792',
	'1792x1024',
] as const;

const testServer: ImageModelContract = {
	family: 'iacp-test',
	sizes: TEST_SERVER_SIZES,
	maxN: 4,
	acceptsResponseFormat: true,
	defaultFormat: 'url',
	sizeError: ( size ) =>
		new HttpError(
			400,
			`Invalid 'size': ${ JSON.stringify( size ) } is not one of ${ quoted( TEST_SERVER_SIZES ) }.`,
			'invalid_request_error',
			'size',
			'invalid_value'
		),
	nError: ( n ) =>
		new HttpError(
			400,
			`Invalid 'n': ${ JSON.stringify( n ) } must be an integer between 1 and 4.`,
			'invalid_request_error',
			'n',
			'invalid_value'
		),
};

const FAMILIES: ReadonlyArray< [ string, ImageModelContract ] > = [
	[ 'gpt-image-1-mini', gptImage ],
	[ 'gpt-image-1.5', gptImage ],
	[ 'gpt-image-1', gptImage ],
	[ 'gpt-image-2', gptImage ],
	[ 'dall-e-3', dallE3 ],
	[ 'dall-e-2', dallE2 ],
];

/**
 * The contract of a model id (`openai/gpt-image-1`, `dall-e-3-2023-11` …).
 *
 * @param model Model id as sent.
 */
export function imageModelContract( model: string ): ImageModelContract {
	const id = model.slice( model.lastIndexOf( '/' ) + 1 ).toLowerCase();
	let best: [ string, ImageModelContract ] | null = null;
	for ( const entry of FAMILIES ) {
		const [ name ] = entry;
		if (
			( id === name || id.startsWith( `${ name }-` ) ) &&
			( best === null || name.length > best[ 0 ].length )
		) {
			best = entry;
		}
	}
	return best?.[ 1 ] ?? testServer;
}

/** Width and height of a size the contract accepted (`auto` draws a square). */
export function sizeInPixels( size: string ): {
	width: number;
	height: number;
} {
	if ( size === 'auto' ) {
		return { width: 1024, height: 1024 };
	}
	const [ w, h ] = size.split( 'x' ).map( ( n ) => Number.parseInt( n, 10 ) );
	return { width: w ?? 1024, height: h ?? 1024 };
}
