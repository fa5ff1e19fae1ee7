/**
 * Batch helpers for e2e: wait for a batch to settle (through REST), upload a small real PNG, read a batch's items.
 */
import type { APIRequestContext } from '@playwright/test';
import { encodePng } from '../../../tools/ai-server/png';
import { expect } from './fixtures';

export interface TestBatch {
	id: number;
	status: string;
	counts: Record< string, number >;
}

export interface TestBatchItem {
	id: number;
	object_id: number;
	status: string;
	before: string | null;
	after: string | null;
	error: string | null;
}

export async function getBatch(
	api: APIRequestContext,
	id: number
): Promise< { batch: TestBatch; items: TestBatchItem[] } > {
	const response = await api.get(
		`wp-json/iacp/v1/batches/${ id }?items_per_page=100`
	);
	expect( response.status() ).toBe( 200 );
	return ( await response.json() ) as {
		batch: TestBatch;
		items: TestBatchItem[];
	};
}

/** Waits until no item of the batch waits or runs any more, and returns it with its items. */
export async function waitForBatchSettled(
	api: APIRequestContext,
	id: number,
	timeoutMs = 120_000
) {
	await expect
		.poll(
			async () => {
				const { batch } = await getBatch( api, id );
				const { total, planned, waiting, running } = batch.counts;
				return batch.status !== 'planning' &&
					planned === total &&
					waiting === 0 &&
					running === 0
					? 'settled'
					: `${ batch.status } ${ JSON.stringify( batch.counts ) }`;
			},
			{ timeout: timeoutMs, intervals: [ 500, 1000, 2000 ] }
		)
		.toBe( 'settled' );
	return getBatch( api, id );
}

/** Uploads a 64×48 PNG of one colour to the Media Library and returns its attachment id. */
export async function uploadPng(
	api: APIRequestContext,
	name: string,
	colour: [ number, number, number ]
): Promise< number > {
	const width = 64;
	const height = 48;
	const rgb = new Uint8Array( width * height * 3 );
	for ( let pixel = 0; pixel < width * height; pixel++ ) {
		rgb.set( colour, pixel * 3 );
	}
	const response = await api.post( 'wp-json/wp/v2/media', {
		headers: {
			'Content-Type': 'image/png',
			'Content-Disposition': `attachment; filename="${ name }.png"`,
		},
		data: encodePng( width, height, rgb ),
	} );
	expect( response.status() ).toBe( 201 );
	return ( ( await response.json() ) as { id: number } ).id;
}

/**
 * The console errors that are the page's: WordPress 7.0+ turns on cross-document view transitions in wp-admin
 * (CSS only), and Chromium reports one it skips on a slow navigation (the bulk action's POST and redirect) as an
 * uncaught "InvalidStateError … Page already revealed" with no script behind it.
 */
export function pageErrors( consoleErrors: string[] ): string[] {
	return consoleErrors.filter(
		( error ) =>
			! /^Transition was aborted because of invalid state\. Page already revealed$/.test(
				error
			)
	);
}
