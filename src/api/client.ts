/**
 * The one client for the iacp/v1 REST API, over @wordpress/api-fetch (cookie auth and nonce come from its
 * middlewares). Every call asks for the raw Response so headers (totals, ETag, Retry-After) stay readable and
 * every failure becomes an ApiError.
 */
import apiFetch from '@wordpress/api-fetch';
import { __ } from '@wordpress/i18n';
import { addQueryArgs } from '@wordpress/url';
import { ApiError, errorFromBody } from './errors';
import type {
	ConnectionTestResult,
	Job,
	JobFilters,
	JobPage,
	JobSubject,
	JobType,
	ProviderModels,
	QueueHealth,
	QueueStall,
	Settings,
	SettingsUpdate,
	StartJobRequest,
} from './types';

export const NAMESPACE = '/iacp/v1';

interface RequestOptions {
	path: string;
	method?: 'GET' | 'POST' | 'DELETE';
	data?: unknown;
	headers?: Record< string, string >;
	signal?: AbortSignal;
}

export interface RawResult< T > {
	body: T;
	status: number;
	headers: Headers;
}

function isResponse( value: unknown ): value is Response {
	return (
		typeof value === 'object' &&
		value !== null &&
		'status' in value &&
		'headers' in value &&
		typeof ( value as Response ).json === 'function'
	);
}

async function readJson( response: Response ): Promise< unknown > {
	if ( response.status === 204 || response.status === 304 ) {
		return null;
	}
	const text = await response.text();
	if ( text === '' ) {
		return null;
	}
	try {
		return JSON.parse( text ) as unknown;
	} catch {
		throw new ApiError( text.slice( 0, 200 ), {
			code: 'iacp_invalid_json',
			status: response.status,
		} );
	}
}

/** Turns whatever api-fetch threw (a Response, a `{ code, message }` object, an abort) into an ApiError. */
export async function toApiError( thrown: unknown ): Promise< ApiError > {
	if ( thrown instanceof ApiError ) {
		return thrown;
	}
	if ( isResponse( thrown ) ) {
		let body: unknown = null;
		try {
			body = await readJson( thrown );
		} catch {
			body = null;
		}
		return errorFromBody(
			body,
			thrown.status,
			thrown.headers.get( 'Retry-After' )
		);
	}
	if ( thrown instanceof Error && thrown.name === 'AbortError' ) {
		return new ApiError( thrown.message, { code: 'aborted', status: 0 } );
	}
	return errorFromBody( thrown, 0 );
}

/** One request; resolves for 2xx (and 304), rejects with an ApiError for everything else. */
export async function request< T >(
	options: RequestOptions
): Promise< RawResult< T > > {
	let response: Response;
	try {
		response = await apiFetch< Response, false >( {
			path: options.path,
			method: options.method ?? 'GET',
			data: options.data,
			headers: options.headers,
			signal: options.signal,
			parse: false,
		} );
	} catch ( thrown ) {
		if ( isResponse( thrown ) && thrown.status === 304 ) {
			response = thrown;
		} else {
			throw await toApiError( thrown );
		}
	}
	const body = ( await readJson( response ) ) as T;
	return { body, status: response.status, headers: response.headers };
}

function headerNumber( headers: Headers, name: string, fallback: number ) {
	const value = Number( headers.get( name ) );
	return Number.isFinite( value ) && headers.get( name ) !== null
		? value
		: fallback;
}

/** The query arguments for a job listing, with empty values left out so equal filters give equal paths. */
export function jobQueryArgs(
	filters: JobFilters
): Record< string, string | number | string[] > {
	const args: Record< string, string | number | string[] > = {};
	if ( filters.post_id ) {
		args.post_id = filters.post_id;
	}
	if ( filters.status && filters.status.length > 0 ) {
		args.status = [ ...filters.status ].sort();
	}
	if ( filters.type ) {
		args.type = filters.type;
	}
	if ( filters.user ) {
		args.user = filters.user;
	}
	if ( filters.search && filters.search.trim() !== '' ) {
		args.search = filters.search.trim();
	}
	if ( filters.after ) {
		args.after = filters.after;
	}
	if ( filters.before ) {
		args.before = filters.before;
	}
	if ( filters.page && filters.page > 1 ) {
		args.page = filters.page;
	}
	if ( filters.per_page ) {
		args.per_page = filters.per_page;
	}
	return args;
}

export function newIdempotencyKey(): string {
	if ( typeof crypto !== 'undefined' && 'randomUUID' in crypto ) {
		return crypto.randomUUID();
	}
	return `iacp-${ Date.now().toString( 36 ) }-${ Math.random()
		.toString( 36 )
		.slice( 2 ) }`;
}

export async function startJob< T extends JobType >(
	job: StartJobRequest< T >,
	idempotencyKey: string = newIdempotencyKey()
): Promise< Job > {
	const { body } = await request< Job >( {
		path: `${ NAMESPACE }/jobs`,
		method: 'POST',
		data: job,
		headers: { 'Idempotency-Key': idempotencyKey },
	} );
	return body;
}

export type JobFetchResult =
	| { notModified: false; job: Job; etag: string | null }
	| { notModified: true; job: null; etag: string | null };

export async function getJob(
	id: string,
	etag: string | null = null,
	signal?: AbortSignal
): Promise< JobFetchResult > {
	const { body, status, headers } = await request< Job >( {
		path: `${ NAMESPACE }/jobs/${ encodeURIComponent( id ) }`,
		headers: etag ? { 'If-None-Match': etag } : undefined,
		signal,
	} );
	const newEtag = headers.get( 'ETag' ) ?? etag;
	if ( status === 304 ) {
		return { notModified: true, job: null, etag: newEtag };
	}
	return { notModified: false, job: body, etag: newEtag };
}

export async function listJobs(
	filters: JobFilters,
	signal?: AbortSignal
): Promise< JobPage > {
	const { body, headers } = await request< Job[] >( {
		path: addQueryArgs( `${ NAMESPACE }/jobs`, jobQueryArgs( filters ) ),
		signal,
	} );
	const jobs = Array.isArray( body ) ? body : [];
	return {
		jobs,
		total: headerNumber( headers, 'X-WP-Total', jobs.length ),
		totalPages: headerNumber( headers, 'X-WP-TotalPages', 1 ),
	};
}

export async function cancelJob( id: string ): Promise< Job > {
	const { body } = await request< Job >( {
		path: `${ NAMESPACE }/jobs/${ encodeURIComponent( id ) }/cancel`,
		method: 'POST',
	} );
	return body;
}

export async function retryJob( id: string ): Promise< Job > {
	const { body } = await request< Job >( {
		path: `${ NAMESPACE }/jobs/${ encodeURIComponent( id ) }/retry`,
		method: 'POST',
	} );
	return body;
}

export async function deleteJob( id: string ): Promise< void > {
	await request< unknown >( {
		path: `${ NAMESPACE }/jobs/${ encodeURIComponent( id ) }`,
		method: 'DELETE',
	} );
}

export async function getQueueHealth(): Promise< QueueHealth > {
	const { body } = await request< unknown >( {
		path: `${ NAMESPACE }/queue`,
	} );
	return normalizeQueueHealth( body );
}

function num( value: unknown, fallback = 0 ): number {
	return typeof value === 'number' && Number.isFinite( value )
		? value
		: fallback;
}

/** The queue snapshot (GET /iacp/v1/queue), every field defaulted so a partial answer still renders. */
export function normalizeQueueHealth( body: unknown ): QueueHealth {
	const raw = ( typeof body === 'object' && body !== null ? body : {} ) as {
		[ key: string ]: unknown;
	};
	const counts = (
		typeof raw.counts === 'object' && raw.counts !== null ? raw.counts : {}
	) as { [ key: string ]: unknown };
	const runner = raw.last_runner_seen as
		{ time?: unknown; source?: unknown } | null | undefined;
	const hourly = Array.isArray( raw.hourly ) ? raw.hourly : [];
	return {
		counts: {
			pending: num( counts.pending ),
			processing: num( counts.processing ),
			completed: num( counts.completed ),
			failed: num( counts.failed ),
			cancelled: num( counts.cancelled ),
			expired: num( counts.expired ),
		},
		oldest_pending_age:
			typeof raw.oldest_pending_age === 'number'
				? raw.oldest_pending_age
				: null,
		jobs_per_minute: num( raw.jobs_per_minute ),
		failure_rate: num( raw.failure_rate ),
		last_runner_seen:
			runner && typeof runner.time === 'string'
				? {
						time: runner.time,
						source:
							typeof runner.source === 'string'
								? runner.source
								: '',
					}
				: null,
		tokens_today: num( raw.tokens_today ),
		cron_disabled: raw.cron_disabled === true,
		loopback_ok:
			typeof raw.loopback_ok === 'boolean' ? raw.loopback_ok : null,
		stall: normalizeStall( raw.stall ),
		hourly: hourly.map( ( bucket: unknown ) => {
			const b = ( bucket ?? {} ) as { [ key: string ]: unknown };
			return {
				hour: typeof b.hour === 'string' ? b.hour : '',
				completed: num( b.completed ),
				failed: num( b.failed ),
			};
		} ),
	};
}

function normalizeStall( value: unknown ): QueueStall | null {
	if ( typeof value !== 'object' || value === null ) {
		return null;
	}
	const stall = value as { [ key: string ]: unknown };
	return {
		code: typeof stall.code === 'string' ? stall.code : 'no_runner',
		waiting_seconds: num( stall.waiting_seconds ),
		runner_seen_seconds_ago:
			typeof stall.runner_seen_seconds_ago === 'number'
				? stall.runner_seen_seconds_ago
				: null,
	};
}

/** The people or posts that have jobs, matching a search (managers); `include` names ids already chosen. */
export async function listJobSubjects(
	kind: 'users' | 'posts',
	search: string,
	include: number[] = [],
	signal?: AbortSignal
): Promise< JobSubject[] > {
	const args: Record< string, string | number[] > = {};
	if ( search.trim() !== '' ) {
		args.search = search.trim();
	}
	if ( include.length > 0 ) {
		args.include = include;
	}
	const { body } = await request< JobSubject[] >( {
		path: addQueryArgs( `${ NAMESPACE }/job-subjects/${ kind }`, args ),
		signal,
	} );
	return Array.isArray( body ) ? body : [];
}

export async function getSettings(): Promise< Settings > {
	const { body } = await request< Settings >( {
		path: `${ NAMESPACE }/settings`,
	} );
	return body;
}

export async function saveSettings(
	update: SettingsUpdate
): Promise< Settings > {
	const { body } = await request< Settings >( {
		path: `${ NAMESPACE }/settings`,
		method: 'POST',
		data: update,
	} );
	return body;
}

/** The models the saved provider lists, for the model pickers. */
export async function getProviderModels(): Promise< ProviderModels > {
	const { body } = await request< Partial< ProviderModels > >( {
		path: `${ NAMESPACE }/settings/models`,
	} );
	return {
		models: Array.isArray( body?.models ) ? body.models : [],
		error: body?.error ?? null,
	};
}

/** Tests the provider connection; a server without the endpoint yet answers with a plain explanation. */
export async function testConnection(
	update: SettingsUpdate = {}
): Promise< ConnectionTestResult > {
	try {
		const { body } = await request< ConnectionTestResult >( {
			path: `${ NAMESPACE }/settings/test-connection`,
			method: 'POST',
			data: update,
		} );
		return {
			ok: body?.ok === true,
			models: Array.isArray( body?.models ) ? body.models : [],
			error: body?.error,
			tried: body?.tried,
			answer: body?.answer,
		};
	} catch ( error ) {
		if ( error instanceof ApiError && error.status === 404 ) {
			return {
				ok: false,
				models: [],
				error: {
					code: 'iacp_not_available',
					message: __(
						'Testing the connection is not available on this site yet.',
						'iacp'
					),
				},
			};
		}
		throw error;
	}
}
