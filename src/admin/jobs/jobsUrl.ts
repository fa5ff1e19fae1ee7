/**
 * The Jobs screen's state in its URL — filters, page and the open job — so back/forward and shared links work.
 * Pure functions here (tested in Jest); useJobsUrlState() binds them to the browser's history.
 */
import { JOB_STATUSES, JOB_TYPES } from '../../api/types';
import {
	oneOf,
	positiveIntegerArg,
	withScreenArgs,
} from '../shared/screenUrlArgs';
import { EMPTY_FILTERS, type FilterState } from './JobFilters';

export interface JobsScreenState {
	filters: FilterState;
	page: number;
	/** The job whose detail panel is open. */
	job: string | null;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// User and post ids as the server stores them (BIGINT), kept as text.
const positiveInteger = ( value: string | null ) =>
	positiveIntegerArg( value, 19 );

/** What a URL's query string says; anything malformed is ignored rather than sent to the server. */
export function parseJobsUrl( search: string ): JobsScreenState {
	const args = new URLSearchParams( search );
	const date = ( name: string ) => {
		const value = args.get( name ) ?? '';
		return DATE.test( value ) ? value : '';
	};
	const job = args.get( 'job' ) ?? '';
	return {
		filters: {
			...EMPTY_FILTERS,
			status: oneOf( JOB_STATUSES, args.get( 'status' ) ),
			type: oneOf( JOB_TYPES, args.get( 'type' ) ),
			user: positiveInteger( args.get( 'user' ) ),
			post: positiveInteger( args.get( 'post' ) ),
			search: ( args.get( 'search' ) ?? '' ).slice( 0, 200 ),
			after: date( 'after' ),
			before: date( 'before' ),
		},
		page: Number( positiveInteger( args.get( 'paged' ) ) || '1' ),
		job: UUID.test( job ) ? job.toLowerCase() : null,
	};
}

/** The query string for a state, keeping the arguments this screen does not own; empty values are left out. */
export function jobsUrlSearch(
	current: string,
	state: JobsScreenState
): string {
	return withScreenArgs( current, {
		...state.filters,
		paged: state.page > 1 ? String( state.page ) : '',
		job: state.job ?? '',
	} );
}

/**
 * Whether going from one state to another deserves its own history entry: typing a search or a date does not
 * (the entry is replaced), choosing a filter, a page or a job does.
 */
export function isNewHistoryEntry(
	from: JobsScreenState,
	to: JobsScreenState
): boolean {
	const typed: Array< keyof FilterState > = [ 'search', 'after', 'before' ];
	const chosen = ( Object.keys( to.filters ) as Array< keyof FilterState > )
		.filter( ( name ) => ! typed.includes( name ) )
		.some( ( name ) => from.filters[ name ] !== to.filters[ name ] );
	return chosen || from.page !== to.page || from.job !== to.job;
}
