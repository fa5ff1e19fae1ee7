/**
 * The Jobs screen's state in its URL: what a shared link or back/forward restores, and what is left out.
 */
import {
	isNewHistoryEntry,
	jobsUrlSearch,
	parseJobsUrl,
	type JobsScreenState,
} from '@iacp/admin/jobs/jobsUrl';
import { EMPTY_FILTERS } from '@iacp/admin/jobs/JobFilters';

const JOB = '0f8fad5b-d9cb-469f-a165-70867728950e';

function state( patch: Partial< JobsScreenState > = {} ): JobsScreenState {
	return { filters: { ...EMPTY_FILTERS }, page: 1, job: null, ...patch };
}

describe( 'parseJobsUrl', () => {
	it( 'reads filters, page and the open job from the query string', () => {
		const parsed = parseJobsUrl(
			`?page=iacp-jobs&status=failed&type=image&user=4&post=12&search=tea&after=2026-11-01&before=2026-11-30&paged=3&job=${ JOB.toUpperCase() }`
		);
		expect( parsed ).toEqual( {
			filters: {
				...EMPTY_FILTERS,
				status: 'failed',
				type: 'image',
				user: '4',
				post: '12',
				search: 'tea',
				after: '2026-11-01',
				before: '2026-11-30',
			},
			page: 3,
			job: JOB,
		} );
	} );

	it( 'ignores what is malformed instead of sending it to the server', () => {
		const parsed = parseJobsUrl(
			'?status=exploded&type=video&user=-1&post=abc&after=yesterday&paged=0&job=1'
		);
		expect( parsed ).toEqual( state() );
	} );

	it( 'caps a searched text at 200 characters', () => {
		expect(
			parseJobsUrl( `?search=${ 'a'.repeat( 500 ) }` ).filters.search
		).toHaveLength( 200 );
	} );
} );

describe( 'jobsUrlSearch', () => {
	it( 'keeps the arguments it does not own and leaves empty values out', () => {
		const search = jobsUrlSearch(
			'?page=iacp-jobs&status=failed&paged=4',
			state( {
				filters: { ...EMPTY_FILTERS, user: '7' },
				page: 1,
				job: JOB,
			} )
		);
		expect( search ).toBe( `?page=iacp-jobs&user=7&job=${ JOB }` );
	} );

	it( 'round-trips through parseJobsUrl', () => {
		const original = state( {
			filters: {
				...EMPTY_FILTERS,
				status: 'completed',
				post: '9',
				search: 'green tea & home',
			},
			page: 2,
		} );
		expect(
			parseJobsUrl( jobsUrlSearch( '?page=iacp-jobs', original ) )
		).toEqual( original );
	} );
} );

describe( 'isNewHistoryEntry', () => {
	it( 'makes an entry for a chosen filter, page or job', () => {
		const from = state();
		expect(
			isNewHistoryEntry(
				from,
				state( { filters: { ...EMPTY_FILTERS, status: 'failed' } } )
			)
		).toBe( true );
		expect( isNewHistoryEntry( from, state( { page: 2 } ) ) ).toBe( true );
		expect( isNewHistoryEntry( from, state( { job: JOB } ) ) ).toBe( true );
	} );

	it( 'replaces the entry while a search or a date is typed', () => {
		expect(
			isNewHistoryEntry(
				state(),
				state( { filters: { ...EMPTY_FILTERS, search: 'te' } } )
			)
		).toBe( false );
	} );
} );
