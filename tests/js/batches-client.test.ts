/* @jest-environment node */
/**
 * The /batches client: paths and query arguments, totals from headers, review decisions; api-fetch is mocked.
 */
import apiFetch from '@wordpress/api-fetch';
import {
	batchItemArgs,
	batchListArgs,
	controlBatch,
	getBatch,
	listBatches,
	reviewBatch,
	startBatch,
} from '@iacp/api/batches';
import { ApiError } from '@iacp/api/errors';

jest.mock( '@wordpress/api-fetch', () => ( {
	__esModule: true,
	default: jest.fn(),
} ) );

const mockedFetch = apiFetch as unknown as jest.Mock;

function response(
	status: number,
	body: unknown,
	headers: Record< string, string > = {}
): Response {
	return new Response( JSON.stringify( body ), {
		status,
		headers: { 'Content-Type': 'application/json', ...headers },
	} );
}

const batch = { id: 7, action: 'excerpt', status: 'planning' };

beforeEach( () => mockedFetch.mockReset() );

describe( 'batch query arguments', () => {
	it( 'leave out empty values and the first page', () => {
		expect( batchListArgs( { page: 1, status: '' } ) ).toEqual( {} );
		expect(
			batchListArgs( { page: 3, status: 'paused', per_page: 20 } )
		).toEqual( { page: 3, status: 'paused', per_page: 20 } );
		expect( batchItemArgs( { items_page: 1, item_status: '' } ) ).toEqual(
			{}
		);
		expect(
			batchItemArgs( { items_page: 2, item_status: 'failed' } )
		).toEqual( { items_page: 2, item_status: 'failed' } );
	} );
} );

describe( 'startBatch', () => {
	it( 'posts the action, mode and posts to /batches', async () => {
		mockedFetch.mockResolvedValue( response( 201, batch ) );
		const started = await startBatch( {
			action: 'alt_text',
			mode: 'apply',
			post_ids: [ 4, 5 ],
		} );
		expect( started.id ).toBe( 7 );
		expect( mockedFetch ).toHaveBeenCalledWith(
			expect.objectContaining( {
				path: '/iacp/v1/batches',
				method: 'POST',
				data: { action: 'alt_text', mode: 'apply', post_ids: [ 4, 5 ] },
			} )
		);
	} );

	it( 'rejects with the field the server names', async () => {
		mockedFetch.mockRejectedValue(
			response( 400, {
				code: 'iacp_invalid_param',
				message: 'Choose posts or a filter.',
				data: { status: 400, field: 'post_ids' },
			} )
		);
		const failure = startBatch( {
			action: 'title',
			mode: 'review',
			post_ids: [],
		} );
		await expect( failure ).rejects.toBeInstanceOf( ApiError );
		await expect( failure ).rejects.toMatchObject( {
			code: 'iacp_invalid_param',
			field: 'post_ids',
			status: 400,
		} );
	} );
} );

describe( 'listBatches', () => {
	it( 'reads the totals from the headers', async () => {
		mockedFetch.mockResolvedValue(
			response( 200, [ batch ], {
				'X-WP-Total': '41',
				'X-WP-TotalPages': '3',
			} )
		);
		const page = await listBatches( { page: 2, status: 'running' } );
		expect( page ).toEqual( {
			batches: [ batch ],
			total: 41,
			totalPages: 3,
		} );
		expect( mockedFetch.mock.calls[ 0 ][ 0 ].path ).toBe(
			'/iacp/v1/batches?status=running&page=2'
		);
	} );
} );

describe( 'getBatch', () => {
	it( 'asks for one page of items and defaults what is missing', async () => {
		mockedFetch.mockResolvedValue( response( 200, { batch } ) );
		const read = await getBatch( 7, {
			items_page: 2,
			item_status: 'review',
		} );
		expect( read ).toEqual( { batch, items: [], items_total: 0 } );
		expect( mockedFetch.mock.calls[ 0 ][ 0 ].path ).toBe(
			'/iacp/v1/batches/7?item_status=review&items_page=2'
		);
	} );

	it( 'turns a 404 into an ApiError with its code', async () => {
		mockedFetch.mockRejectedValue(
			response( 404, {
				code: 'iacp_batch_not_found',
				message: 'No such batch.',
				data: { status: 404 },
			} )
		);
		await expect( getBatch( 99 ) ).rejects.toMatchObject( {
			code: 'iacp_batch_not_found',
			status: 404,
		} );
	} );
} );

describe( 'controls and review', () => {
	it( 'posts each control to its own path', async () => {
		for ( const control of [
			'pause',
			'resume',
			'cancel',
			'retry',
		] as const ) {
			mockedFetch.mockResolvedValueOnce( response( 200, batch ) );
			await controlBatch( 7, control );
		}
		expect(
			mockedFetch.mock.calls.map( ( call ) => [
				call[ 0 ].path,
				call[ 0 ].method,
			] )
		).toEqual( [
			[ '/iacp/v1/batches/7/pause', 'POST' ],
			[ '/iacp/v1/batches/7/resume', 'POST' ],
			[ '/iacp/v1/batches/7/cancel', 'POST' ],
			[ '/iacp/v1/batches/7/retry', 'POST' ],
		] );
	} );

	it( 'sends decisions, or all: true for Accept all', async () => {
		const answer = { batch, applied: 1, rejected: 1 };
		mockedFetch.mockImplementation( async () => response( 200, answer ) );
		const result = await reviewBatch( 7, [
			{ item: 1, decision: 'accept', value: 'Edited' },
			{ item: 2, decision: 'reject' },
		] );
		expect( result.conflicts ).toEqual( [] );
		expect( mockedFetch.mock.calls[ 0 ][ 0 ] ).toMatchObject( {
			path: '/iacp/v1/batches/7/accept',
			method: 'POST',
			data: {
				decisions: [
					{ item: 1, decision: 'accept', value: 'Edited' },
					{ item: 2, decision: 'reject' },
				],
			},
		} );
		await reviewBatch( 7, 'all' );
		expect( mockedFetch.mock.calls[ 1 ][ 0 ].data ).toEqual( {
			all: true,
		} );
	} );
} );
