/**
 * Query keys: one prefix for the plugin, each key built from stable, serialised arguments.
 */
import { jobQueryArgs } from '../api/client';
import type { JobFilters } from '../api/types';

/** JSON with sorted object keys, so `{ a, b }` and `{ b, a }` give the same key. */
export function stableSerialize( value: unknown ): string {
	if ( Array.isArray( value ) ) {
		return `[${ value.map( stableSerialize ).join( ',' ) }]`;
	}
	if ( typeof value === 'object' && value !== null ) {
		const record = value as Record< string, unknown >;
		return `{${ Object.keys( record )
			.filter( ( key ) => record[ key ] !== undefined )
			.sort()
			.map(
				( key ) =>
					`${ JSON.stringify( key ) }:${ stableSerialize(
						record[ key ]
					) }`
			)
			.join( ',' ) }}`;
	}
	return JSON.stringify( value ) ?? 'null';
}

export const queryKeys = {
	all: [ 'iacp' ] as const,
	job: ( id: string ) => [ 'iacp', 'job', id ] as const,
	jobLists: () => [ 'iacp', 'jobs' ] as const,
	jobs: ( filters: JobFilters ) =>
		[ 'iacp', 'jobs', stableSerialize( jobQueryArgs( filters ) ) ] as const,
	queue: () => [ 'iacp', 'queue' ] as const,
	settings: () => [ 'iacp', 'settings' ] as const,
};
