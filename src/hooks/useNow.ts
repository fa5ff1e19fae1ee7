/**
 * The current time, re-read every `intervalMs` while `active` (for elapsed-time displays).
 */
import { useEffect, useState } from '@wordpress/element';

export function useNow( active: boolean, intervalMs = 1000 ): number {
	const [ now, setNow ] = useState( () => Date.now() );
	useEffect( () => {
		if ( ! active ) {
			return undefined;
		}
		setNow( Date.now() );
		const timer = window.setInterval(
			() => setNow( Date.now() ),
			intervalMs
		);
		return () => window.clearInterval( timer );
	}, [ active, intervalMs ] );
	return now;
}
