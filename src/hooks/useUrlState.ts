/**
 * A screen's state kept in the page's URL: read at load and on back/forward, written on every change (a new
 * history entry when `isNewEntry` says so, the same entry otherwise, e.g. while typing).
 */
import { useCallback, useEffect, useRef, useState } from '@wordpress/element';

export function useUrlState< S >(
	parse: ( search: string ) => S,
	serialize: ( current: string, state: S ) => string,
	isNewEntry: ( from: S, to: S ) => boolean
) {
	const [ state, setState ] = useState( () =>
		parse( window.location.search )
	);
	const current = useRef( state );

	useEffect( () => {
		const onPopState = () => {
			current.current = parse( window.location.search );
			setState( current.current );
		};
		window.addEventListener( 'popstate', onPopState );
		return () => window.removeEventListener( 'popstate', onPopState );
	}, [ parse ] );

	const update = useCallback(
		( change: ( from: S ) => S ) => {
			const from = current.current;
			const to = change( from );
			const { pathname, search, hash } = window.location;
			const url = `${ pathname }${ serialize( search, to ) }${ hash }`;
			if ( isNewEntry( from, to ) ) {
				window.history.pushState( null, '', url );
			} else {
				window.history.replaceState( null, '', url );
			}
			current.current = to;
			setState( to );
		},
		[ serialize, isNewEntry ]
	);

	return [ state, update ] as const;
}
