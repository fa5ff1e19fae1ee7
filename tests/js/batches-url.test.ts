/**
 * The AI Batches screen's URL state and review keys: what a link restores, what is left out, which key does what.
 */
import {
	EMPTY_BATCHES_STATE,
	batchScreenUrl,
	batchesUrlSearch,
	parseBatchesUrl,
} from '@iacp/admin/batches/batchesUrl';
import { movedIndex, reviewKeyAction } from '@iacp/batches/reviewKeys';

describe( 'parseBatchesUrl', () => {
	it( 'reads the list, a batch and its review from the query string', () => {
		expect( parseBatchesUrl( '?page=iacp-batches' ) ).toEqual(
			EMPTY_BATCHES_STATE
		);
		expect(
			parseBatchesUrl(
				'?page=iacp-batches&batch=12&items_paged=3&item_status=failed'
			)
		).toEqual( {
			...EMPTY_BATCHES_STATE,
			batch: 12,
			itemsPage: 3,
			itemStatus: 'failed',
		} );
		expect(
			parseBatchesUrl( '?page=iacp-batches&batch=12&view=review' ).view
		).toBe( 'review' );
	} );

	it( 'ignores what is malformed', () => {
		expect(
			parseBatchesUrl(
				'?batch=1;DROP&view=review&paged=-2&status=gone&item_status=x'
			)
		).toEqual( EMPTY_BATCHES_STATE );
	} );
} );

describe( 'batchesUrlSearch', () => {
	it( 'keeps the page argument and writes only what differs from the defaults', () => {
		expect(
			batchesUrlSearch( '?page=iacp-batches&paged=4', {
				...EMPTY_BATCHES_STATE,
				batch: 5,
				view: 'review',
			} )
		).toBe( '?page=iacp-batches&batch=5&view=review' );
		expect(
			batchesUrlSearch( '?page=iacp-batches&batch=5&view=review', {
				...EMPTY_BATCHES_STATE,
				status: 'paused',
				page: 2,
			} )
		).toBe( '?page=iacp-batches&status=paused&paged=2' );
	} );

	it( 'round-trips a batch page', () => {
		const state = {
			...EMPTY_BATCHES_STATE,
			batch: 9,
			itemsPage: 2,
			itemStatus: 'review' as const,
		};
		expect(
			parseBatchesUrl( batchesUrlSearch( '?page=iacp-batches', state ) )
		).toEqual( state );
	} );

	it( 'links to a batch from any admin screen', () => {
		expect( batchScreenUrl( 'https://example.org/wp-admin/', 4 ) ).toBe(
			'https://example.org/wp-admin/tools.php?page=iacp-batches&batch=4'
		);
		expect(
			batchScreenUrl( 'https://example.org/wp-admin', 4, 'review' )
		).toBe(
			'https://example.org/wp-admin/tools.php?page=iacp-batches&batch=4&view=review'
		);
	} );
} );

describe( 'review keys', () => {
	it( 'maps j/k, the arrows, a, r and e', () => {
		expect( reviewKeyAction( { key: 'j' } ) ).toBe( 'next' );
		expect( reviewKeyAction( { key: 'ArrowDown' } ) ).toBe( 'next' );
		expect( reviewKeyAction( { key: 'k' } ) ).toBe( 'previous' );
		expect( reviewKeyAction( { key: 'ArrowUp' } ) ).toBe( 'previous' );
		expect( reviewKeyAction( { key: 'a' } ) ).toBe( 'accept' );
		expect( reviewKeyAction( { key: 'r' } ) ).toBe( 'reject' );
		expect( reviewKeyAction( { key: 'e' } ) ).toBe( 'edit' );
		expect( reviewKeyAction( { key: 'x' } ) ).toBeNull();
	} );

	it( 'is never a shortcut while typing or with a modifier', () => {
		expect(
			reviewKeyAction( { key: 'a', targetTag: 'textarea' } )
		).toBeNull();
		expect(
			reviewKeyAction( { key: 'a', targetEditable: true } )
		).toBeNull();
		expect( reviewKeyAction( { key: 'r', ctrlKey: true } ) ).toBeNull();
		expect( reviewKeyAction( { key: 'j', metaKey: true } ) ).toBeNull();
	} );

	it( 'moves inside the list without wrapping', () => {
		expect( movedIndex( 0, 'next', 3 ) ).toBe( 1 );
		expect( movedIndex( 2, 'next', 3 ) ).toBe( 2 );
		expect( movedIndex( 0, 'previous', 3 ) ).toBe( 0 );
		expect( movedIndex( 5, 'previous', 0 ) ).toBe( 0 );
	} );
} );
