/**
 * The Jobs screen's state, kept in the page's URL: read at load and on back/forward, written on every change
 * (a new history entry for a choice, the same entry while typing).
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';
import {
	isNewHistoryEntry,
	jobsUrlSearch,
	parseJobsUrl,
	type JobsScreenState,
} from './jobsUrl';

export function useJobsUrlState() {
	const [ state, setState ] = useState( () =>
		parseJobsUrl( window.location.search )
	);
	const current = useRef( state );

	useEffect( () => {
		const onPopState = () => {
			current.current = parseJobsUrl( window.location.search );
			setState( current.current );
		};
		window.addEventListener( 'popstate', onPopState );
		return () => window.removeEventListener( 'popstate', onPopState );
	}, [] );

	const update = useCallback(
		( change: ( from: JobsScreenState ) => JobsScreenState ) => {
			const from = current.current;
			const to = change( from );
			const { pathname, search, hash } = window.location;
			const url = `${ pathname }${ jobsUrlSearch( search, to ) }${ hash }`;
			if ( isNewHistoryEntry( from, to ) ) {
				window.history.pushState( null, '', url );
			} else {
				window.history.replaceState( null, '', url );
			}
			current.current = to;
			setState( to );
		},
		[]
	);

	return [ state, update ] as const;
}
