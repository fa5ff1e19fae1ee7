/**
 * Shares one event stream per job between every component that watches it, writes its events into the query
 * cache, and caps open streams: each holds a PHP worker on the server, so the rest of the page polls.
 */
import type { QueryClient } from '@tanstack/react-query';
import { subscribeToJob } from '../api/events';
import type { Job } from '../api/types';
import { jobQuery } from './jobQuery';

export const MAX_OPEN_STREAMS = 1;
const MAX_RECONNECTS = 20;

type Listener = ( streaming: boolean ) => void;

interface Entry {
	refs: number;
	streaming: boolean;
	reconnects: number;
	listeners: Set< Listener >;
	close: ( () => void ) | null;
}

const entries = new Map< string, Entry >();
/** Jobs whose stream failed: they poll for the rest of the page's life. */
const failed = new Set< string >();

function openStreams(): number {
	let count = 0;
	entries.forEach( ( entry ) => {
		if ( entry.close !== null ) {
			count++;
		}
	} );
	return count;
}

function setStreaming( entry: Entry, streaming: boolean ) {
	if ( entry.streaming !== streaming ) {
		entry.streaming = streaming;
		entry.listeners.forEach( ( listener ) => listener( streaming ) );
	}
}

function open( client: QueryClient, id: string, entry: Entry ) {
	if ( failed.has( id ) || openStreams() >= MAX_OPEN_STREAMS ) {
		return;
	}
	entry.close = subscribeToJob( id, {
		onJob: ( job: Job ) => {
			setStreaming( entry, true );
			client.setQueryData( jobQuery( id ).queryKey, job );
		},
		onClose: ( reason ) => {
			entry.close = null;
			setStreaming( entry, false );
			if ( reason === 'error' ) {
				failed.add( id );
			}
			if (
				reason === 'reconnect' &&
				entry.refs > 0 &&
				entry.reconnects++ < MAX_RECONNECTS
			) {
				open( client, id, entry );
				return;
			}
			// Polling takes over (or fetches the final state once).
			void client.invalidateQueries( {
				queryKey: jobQuery( id ).queryKey,
			} );
		},
	} );
}

/** Starts (or joins) the stream of a job; the returned function leaves it. */
export function acquireJobStream(
	client: QueryClient,
	id: string,
	listener: Listener
): () => void {
	let entry = entries.get( id );
	if ( ! entry ) {
		entry = {
			refs: 0,
			streaming: false,
			reconnects: 0,
			listeners: new Set(),
			close: null,
		};
		entries.set( id, entry );
	}
	const current = entry;
	current.refs++;
	current.listeners.add( listener );
	if ( current.close === null ) {
		open( client, id, current );
	}
	listener( current.streaming );
	return () => {
		current.listeners.delete( listener );
		current.refs--;
		if ( current.refs <= 0 ) {
			current.close?.();
			current.close = null;
			entries.delete( id );
		}
	};
}
