#!/usr/bin/env node
// `npm run bench`: measured figures of the job engine (enqueue, drain, pickup latency, claim time, worker memory)
// on a dedicated site (`bench` in bin/lib/site.mjs, with the bin/bench/mu-plugin.php job type `bench_noop`).
// Not a test: nothing passes or fails; it prints a table and writes artifacts/bench.json. Targets are shown beside
// the figures they apply to. The bench site is stopped at the end, also when a measurement fails.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS_DIR, ROOT, WP_CLI_BOOT } from './lib/paths.mjs';
import { log, sleep } from './lib/process.mjs';
import { startSite, stopSite } from './lib/site.mjs';

const SITE = 'bench';
const BENCH_DIR = path.join( ROOT, 'bin/bench' );
const WORKER = path.join( ROOT, 'bin/iacp-worker.php' );

const N_ENQUEUE_PHP = 2000;
const N_ENQUEUE_REST = 300;
const REST_CONCURRENCY = 4;
const N_DRAIN = 2000;
// Drain, ceiling and WP-Cron runs are repeated; the median run is reported (their ratios carry the targets).
const REPEATS = 3;
const N_CRON = 2000;
const N_PICKUP = 30;
const CLAIM_TABLE_SIZES = [ 0, 100000, 1000000 ];
const N_CLAIMS = 200;
const N_MEMORY = 10000;
const N_READS = 60;
// memory_get_usage() may grow by at most this much between the 1,000th and the last job to count as flat.
const FLAT_BYTES = 256 * 1024;

/** Runs a command to its end (killed after timeoutMs); resolves with its exit code, output and duration. */
function runCommand( command, args, { timeoutMs = 120000, env } = {} ) {
	return new Promise( ( resolve, reject ) => {
		const started = performance.now();
		const child = spawn( command, args, {
			cwd: ROOT,
			env: { ...process.env, ...env },
			stdio: [ 'ignore', 'pipe', 'pipe' ],
		} );
		let stdout = '';
		let stderr = '';
		child.stdout.on( 'data', ( chunk ) => ( stdout += chunk ) );
		child.stderr.on( 'data', ( chunk ) => ( stderr += chunk ) );
		const timer = setTimeout( () => child.kill( 'SIGKILL' ), timeoutMs );
		child.on( 'error', reject );
		child.on( 'close', ( code, signal ) => {
			clearTimeout( timer );
			resolve( {
				code: code ?? ( signal ? 128 : 1 ),
				signal,
				stdout,
				stderr,
				ms: performance.now() - started,
			} );
		} );
	} );
}

/** Runs bin/bench/<name>.php and returns the JSON line it answers with. */
async function benchScript( env, name, flags = {}, timeoutMs = 120000 ) {
	const args = [
		path.join( BENCH_DIR, `${ name }.php` ),
		...( name === 'ceiling' ? [] : [ `--path=${ env.wp_path }` ] ),
		...Object.entries( flags ).map( ( [ key, value ] ) =>
			value === true ? `--${ key }` : `--${ key }=${ value }`
		),
	];
	const result = await runCommand( 'php', args, { timeoutMs } );
	const last = result.stdout.trim().split( '\n' ).pop();
	if ( result.code !== 0 || ! last?.startsWith( '{' ) ) {
		// A WordPress fatal error prints an HTML page: keep its words, and point at the site's debug.log.
		const output = ( result.stderr || result.stdout )
			.replace( /<style[\s\S]*?<\/style>|<[^>]+>/g, ' ' )
			.replace( /\s+/g, ' ' )
			.trim()
			.slice( -500 );
		throw new Error(
			`bin/bench/${ name }.php exited with ${ result.code }${ result.signal ? ` (${ result.signal }, limit ${ timeoutMs / 1000 } s)` : '' }: ${ output } (see ${ path.relative( ROOT, env.debug_log ) })`
		);
	}
	return JSON.parse( last );
}

/** Empties the jobs table and sets the instant kick (and web runners on bench jobs) on or off. */
function setup( env, kick = 'off' ) {
	return benchScript( env, 'setup', { kick } );
}

function stats( values ) {
	const sorted = [ ...values ].sort( ( a, b ) => a - b );
	const pick = ( q ) =>
		sorted.length
			? sorted[
					Math.min(
						sorted.length - 1,
						Math.ceil( q * sorted.length ) - 1
					)
				]
			: null;
	return {
		n: sorted.length,
		mean: sorted.length
			? sorted.reduce( ( sum, v ) => sum + v, 0 ) / sorted.length
			: null,
		p50: pick( 0.5 ),
		p95: pick( 0.95 ),
		max: sorted.length ? sorted[ sorted.length - 1 ] : null,
	};
}

function restClient( env ) {
	const auth =
		'Basic ' +
		Buffer.from(
			`${ env.admin.user }:${ env.admin.application_password }`
		).toString( 'base64' );
	return async function enqueue( i ) {
		const sentMs = Date.now();
		const started = performance.now();
		const response = await fetch( `${ env.url }/wp-json/iacp/v1/jobs`, {
			method: 'POST',
			headers: {
				Authorization: auth,
				'Content-Type': 'application/json',
			},
			body: JSON.stringify( { type: 'bench_noop', input: { i } } ),
		} );
		const body = await response.json().catch( () => null );
		return {
			status: response.status,
			id: body?.id ?? null,
			code: body?.code ?? null,
			sentMs,
			ms: performance.now() - started,
		};
	};
}

/** Waits until no job is pending or processing; returns the last counts. */
async function waitForQueue( env, timeoutMs ) {
	const deadline = Date.now() + timeoutMs;
	let answer;
	do {
		answer = await benchScript( env, 'status' );
		if ( answer.counts.pending + answer.counts.processing === 0 ) {
			return answer.counts;
		}
		await sleep( 1000 );
	} while ( Date.now() < deadline );
	return answer.counts;
}

// ---------------------------------------------------------------------------------------------------------------
// The measurements. Each measures and reports together: it returns { raw, figures }, where a figure (a row of the
// printed table) is { id, value, unit, meaning, target?, met?, digits? }. A measurement that compares itself with an
// earlier one gets the earlier results as its second argument.

async function enqueueRates( env ) {
	await setup( env, 'off' );
	const php = await benchScript(
		env,
		'enqueue',
		{ n: N_ENQUEUE_PHP },
		180000
	);

	await setup( env, 'off' );
	const enqueue = restClient( env );
	const results = [];
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from( { length: REST_CONCURRENCY }, async () => {
			while ( next < N_ENQUEUE_REST ) {
				results.push( await enqueue( next++ ) );
			}
		} )
	);
	const seconds = ( performance.now() - started ) / 1000;
	const accepted = results.filter( ( r ) => r.status === 202 ).length;
	const refused = {};
	for ( const r of results.filter( ( x ) => x.status !== 202 ) ) {
		const key = `${ r.status } ${ r.code ?? '' }`.trim();
		refused[ key ] = ( refused[ key ] ?? 0 ) + 1;
	}
	const latency = stats( results.map( ( r ) => r.ms ) );
	const rest = {
		n: N_ENQUEUE_REST,
		concurrency: REST_CONCURRENCY,
		accepted,
		refused,
		seconds,
		per_second: accepted / seconds,
		latency_ms: latency,
	};
	return {
		raw: { php, rest },
		figures: [
			{
				id: 'enqueue_php',
				value: php.per_second,
				unit: 'jobs/s',
				meaning: `iacp_enqueue_job('bench_noop') ×${ php.n } in one PHP process (${ php.ms_each.toFixed( 2 ) } ms each, ${ php.errors } errors; kick off)`,
			},
			{
				id: 'enqueue_rest',
				value: rest.per_second,
				unit: 'jobs/s',
				meaning: `POST /wp-json/iacp/v1/jobs ×${ N_ENQUEUE_REST }, ${ REST_CONCURRENCY } concurrent, app-password auth (${ accepted } × 202${ Object.keys( refused ).length ? `, refused ${ JSON.stringify( refused ) }` : '' }; kick off)`,
			},
			{
				id: 'enqueue_rest_latency_p50',
				value: latency.p50,
				unit: 'ms',
				meaning: `one REST enqueue request, p50 (p95 ${ latency.p95.toFixed( 1 ) } ms) at ${ REST_CONCURRENCY } concurrent`,
			},
		],
	};
}

async function drain( env, workers ) {
	await setup( env, 'off' );
	const queued = await benchScript( env, 'enqueue', { n: N_DRAIN }, 180000 );
	const started = performance.now();
	const runs = await Promise.all(
		Array.from( { length: workers }, () =>
			runCommand(
				'php',
				[
					WORKER,
					`--path=${ env.wp_path }`,
					'--once',
					'--type=bench_noop',
					'--sleep=0.05',
					'--quiet',
				],
				{ timeoutMs: 240000 }
			)
		)
	);
	const seconds = ( performance.now() - started ) / 1000;
	const { counts } = await benchScript( env, 'status' );
	return {
		workers,
		queued: queued.n - queued.errors,
		seconds,
		completed: counts.completed,
		counts,
		per_second: counts.completed / seconds,
		all_completed: counts.completed === queued.n - queued.errors,
		exits: runs.map( ( r ) => r.code ),
		summaries: runs.map( ( r ) => r.stdout.trim().split( '\n' ).pop() ),
	};
}

/** The run with the median rate of REPEATS runs (the machine may be busy), with every run's rate beside it. */
async function median( measure, rateOf ) {
	const runs = [];
	for ( let i = 0; i < REPEATS; i++ ) {
		runs.push( await measure() );
	}
	const sorted = [ ...runs ].sort( ( a, b ) => rateOf( a ) - rateOf( b ) );
	return {
		...sorted[ Math.floor( sorted.length / 2 ) ],
		rates_of_runs: runs.map( rateOf ),
	};
}

async function drainRates( env ) {
	const one = await median(
		() => drain( env, 1 ),
		( r ) => r.per_second
	);
	const four = await median(
		() => drain( env, 4 ),
		( r ) => r.per_second
	);
	const ratio = four.per_second / one.per_second;
	const drainRow = ( id, run, what ) => ( {
		id,
		value: run.per_second,
		unit: 'jobs/s',
		meaning: `${ run.queued } bench_noop jobs, ${ what }, median of ${ REPEATS } (${ rates( run ) }; ${ run.completed } completed${ run.all_completed ? '' : `, NOT ALL: ${ JSON.stringify( run.counts ) }` })`,
	} );
	return {
		raw: { one, four },
		figures: [
			drainRow(
				'drain_1_worker',
				one,
				'1 × bin/iacp-worker.php --once, start → exit'
			),
			drainRow(
				'drain_4_workers',
				four,
				'4 × bin/iacp-worker.php --once, start → last exit'
			),
			{
				id: 'drain_4_vs_1',
				value: ratio,
				unit: '×',
				meaning: `4-worker drain rate ÷ 1-worker drain rate (this machine has ${ os.cpus().length } cores)`,
				target: '≥ 2.5×',
				met: ratio >= 2.5,
			},
		],
	};
}

/** The 1-worker drain rate measured earlier in this run, if it was. */
const oneWorkerRate = ( earlier ) => earlier.drain?.raw.one.per_second ?? null;

async function ceiling( env, earlier ) {
	const raw = await median(
		async () => {
			await setup( env, 'off' );
			return benchScript(
				env,
				'ceiling',
				{
					socket: env.db.socket,
					user: env.db.user,
					password: env.db.password,
					db: env.db.name,
					table: 'wp_iacp_jobs',
					n: N_DRAIN,
				},
				180000
			);
		},
		( r ) => r.per_second
	);
	const figures = [
		{
			id: 'ceiling_bare_sql',
			value: raw.per_second,
			unit: 'jobs/s',
			meaning: `claim (SELECT … FOR UPDATE SKIP LOCKED + guarded UPDATE + COMMIT) + complete UPDATE, bare mysqli loop, 1 process, ${ raw.completed }/${ raw.n } rows, median of ${ REPEATS } (${ rates( raw ) })`,
		},
	];
	const drained = oneWorkerRate( earlier );
	if ( drained !== null ) {
		const share = ( drained / raw.per_second ) * 100;
		figures.push( {
			id: 'drain_vs_ceiling',
			value: share,
			unit: '%',
			meaning: '1-worker drain rate ÷ bare-SQL ceiling',
			target: '≥ 50 %',
			met: share >= 50,
		} );
	}
	return { raw, figures };
}

async function cronBaseline( env, earlier ) {
	const raw = await median(
		async () => {
			await setup( env, 'off' );
			return benchScript( env, 'cron', { n: N_CRON }, 300000 );
		},
		( r ) => r.run_per_second
	);
	await setup( env, 'off' );
	const figures = [
		{
			id: 'wp_cron_schedule',
			value: raw.schedule_per_second,
			unit: 'events/s',
			meaning: `wp_schedule_single_event() ×${ raw.n } in one process (WP-Cron baseline)`,
		},
		{
			id: 'wp_cron_run',
			value: raw.run_per_second,
			unit: 'events/s',
			meaning: `the wp-cron.php loop (unschedule + do_action + lock check) over ${ raw.ran } due no-op events in one process${ raw.left ? `, ${ raw.left } left` : '' }, median of ${ REPEATS } (${ rates( raw ) })`,
		},
	];
	const drained = oneWorkerRate( earlier );
	if ( drained !== null ) {
		const ratio = drained / raw.run_per_second;
		figures.push( {
			id: 'drain_vs_wp_cron',
			value: ratio,
			unit: '×',
			meaning: '1-worker drain rate ÷ WP-Cron run rate',
			target: '≥ 3×',
			met: ratio >= 3,
		} );
	}
	return { raw, figures };
}

async function pickup( env, mode ) {
	await setup( env, mode === 'kick' ? 'on' : 'off' );
	let daemon = null;
	let daemonExit = null;
	if ( mode === 'daemon' ) {
		daemon = spawn(
			'php',
			[
				WP_CLI_BOOT,
				'--allow-root',
				`--path=${ env.wp_path }`,
				'iacp',
				'work',
				'--type=bench_noop',
				'--sleep=0.1',
			],
			{
				cwd: ROOT,
				env: { ...process.env, WP_CLI_PHP_USED: env.php },
				stdio: 'ignore',
			}
		);
		daemonExit = new Promise( ( resolve ) =>
			daemon.on( 'close', ( code, signal ) =>
				resolve( { code, signal } )
			)
		);
		await sleep( 3000 ); // Booted and polling.
	}
	const enqueue = restClient( env );
	const spacingMs = mode === 'kick' ? 1200 : 500;
	const sent = [];
	try {
		for ( let i = 0; i < N_PICKUP; i++ ) {
			const tick = Date.now();
			sent.push( await enqueue( i ) );
			await sleep( Math.max( 0, spacingMs - ( Date.now() - tick ) ) );
		}
		// Without a daemon a job the kick missed waits for WP-Cron (every minute).
		await waitForQueue( env, 90000 );
	} finally {
		if ( daemon ) {
			daemon.kill( 'SIGTERM' );
			const stopped = await Promise.race( [
				daemonExit,
				sleep( 15000 ).then( () => null ),
			] );
			if ( ! stopped ) {
				daemon.kill( 'SIGKILL' );
			}
			daemonExit = stopped ?? { code: null, signal: 'SIGKILL' };
		}
	}
	const answer = await benchScript( env, 'status', { results: true } );
	const latencies = [];
	let missing = 0;
	for ( const s of sent ) {
		const startedMs = s.id ? answer.started_ms[ s.id ] : undefined;
		if ( startedMs ) {
			latencies.push( startedMs - s.sentMs );
		} else {
			missing++;
		}
	}
	return {
		mode,
		sent: sent.length,
		accepted: sent.filter( ( s ) => s.status === 202 ).length,
		spacing_ms: spacingMs,
		missing,
		counts: answer.counts,
		latency_ms: stats( latencies ),
		samples_ms: latencies.map( ( v ) => Math.round( v ) ),
		daemon_exit: daemonExit,
	};
}

/** The two pickup rows of one mode: p50 against its target, and p95. */
function pickupRows( p, limit, what ) {
	const note = p.missing
		? ` (${ p.missing } of ${ p.sent } never started)`
		: '';
	return [
		{
			id: `pickup_${ p.mode }_p50`,
			value: p.latency_ms.p50,
			unit: 'ms',
			meaning: `${ what }, p50 of ${ p.latency_ms.n }${ note }`,
			target: `≤ ${ limit } ms`,
			met: p.latency_ms.p50 !== null && p.latency_ms.p50 <= limit,
		},
		{
			id: `pickup_${ p.mode }_p95`,
			value: p.latency_ms.p95,
			unit: 'ms',
			meaning: `same, p95 (max ${ fmt( p.latency_ms.max ) } ms)`,
		},
	];
}

async function pickupLatency( env ) {
	const kick = await pickup( env, 'kick' );
	const daemon = await pickup( env, 'daemon' );
	return {
		raw: { kick, daemon },
		figures: [
			...pickupRows(
				kick,
				1000,
				'REST enqueue → handler start, WP-Cron + instant kick only, jobs 1.2 s apart'
			),
			...pickupRows(
				daemon,
				250,
				'REST enqueue → handler start, `wp iacp work --sleep=0.1` daemon (kick off), jobs 0.5 s apart'
			),
		],
	};
}

async function claimTimes( env ) {
	await setup( env, 'off' );
	const runs = [];
	for ( const others of CLAIM_TABLE_SIZES ) {
		log( `  claim time with ${ others } other rows …` );
		runs.push(
			await benchScript(
				env,
				'claim',
				{ others, pending: N_CLAIMS + 100, claims: N_CLAIMS },
				300000
			)
		);
	}
	await setup( env, 'off' );
	return { raw: runs, figures: runs.flatMap( claimRows ) };
}

/** The mean and p95 rows of one claim-time run; the run at a million rows carries the target. */
function claimRows( run ) {
	let label = String( run.others );
	if ( run.others >= 1000000 ) {
		label = `${ run.others / 1000000 }M`;
	} else if ( run.others >= 1000 ) {
		label = `${ run.others / 1000 }k`;
	}
	const target = ( ms ) =>
		run.others >= 1000000 ? { target: '≤ 5 ms', met: ms <= 5 } : {};
	return [
		{
			id: `claim_${ label }_mean`,
			value: run.total_ms.mean,
			unit: 'ms',
			digits: 2,
			meaning: `claim_next() + complete transition(), mean of ${ run.total_ms.n }, ${ run.others.toLocaleString( 'en-US' ) } other completed rows (claim ${ run.claim_ms.mean.toFixed( 2 ) } + complete ${ run.complete_ms.mean.toFixed( 2 ) } ms; index ${ run.explain.key })`,
			...target( run.total_ms.mean ),
		},
		{
			id: `claim_${ label }_p95`,
			value: run.total_ms.p95,
			unit: 'ms',
			digits: 2,
			meaning: `same, p95 (claim_next() alone p95 ${ run.claim_ms.p95.toFixed( 2 ) } ms)`,
			...target( run.total_ms.p95 ),
		},
	];
}

async function workerMemory( env ) {
	await setup( env, 'off' );
	const queued = await benchScript( env, 'enqueue', { n: N_MEMORY }, 300000 );
	const run = await benchScript(
		env,
		'memory',
		{ jobs: N_MEMORY, every: 1000 },
		300000
	);
	const { counts } = await benchScript( env, 'status' );
	const after1000 = run.series.find( ( s ) => s.jobs === 1000 );
	const last = run.series[ run.series.length - 1 ];
	const growth = after1000 && last ? last.bytes - after1000.bytes : null;
	const flat = growth !== null && growth <= FLAT_BYTES;
	const series = run.series
		.map( ( s ) => ( s.bytes / 1048576 ).toFixed( 2 ) )
		.join( ' ' );
	return {
		raw: { queued, run, counts, growth_bytes_after_1000: growth, flat },
		figures: [
			{
				id: 'worker_memory_growth',
				value: growth === null ? null : growth / 1024,
				unit: 'KiB',
				meaning: `memory_get_usage() growth from job 1,000 to ${ run.summary.processed.toLocaleString( 'en-US' ) } in one Runner (${ fmt( run.per_second ) } jobs/s); MiB at 0,1k…10k: ${ series }`,
				target: `flat (≤ ${ FLAT_BYTES / 1024 } KiB)`,
				met: flat,
			},
			{
				id: 'worker_memory_peak',
				value: run.peak / 1048576,
				unit: 'MiB',
				digits: 2,
				meaning: `memory_get_peak_usage() of that worker (real ${ ( run.peak_real / 1048576 ).toFixed( 1 ) } MiB)`,
			},
		],
	};
}

/** (h) What reading a job costs next to the cheapest core REST reads, same server, same auth, one at a time. */
async function readCost( env ) {
	await setup( env, 'off' );
	const headers = {
		Authorization:
			'Basic ' +
			Buffer.from(
				`${ env.admin.user }:${ env.admin.application_password }`
			).toString( 'base64' ),
	};
	const created = await fetch( `${ env.url }/wp-json/iacp/v1/jobs`, {
		method: 'POST',
		headers: { ...headers, 'Content-Type': 'application/json' },
		body: JSON.stringify( { type: 'bench_noop', input: {} } ),
	} );
	const { id } = await created.json();
	const routes = {
		job: `/wp-json/iacp/v1/jobs/${ id }`,
		users_me: '/wp-json/wp/v2/users/me',
		post_type: '/wp-json/wp/v2/types/post',
		post_status: '/wp-json/wp/v2/statuses/publish',
	};
	const result = {};
	for ( let round = 0; round < 2; round++ ) {
		// The first round warms PHP's opcache; the second is measured.
		for ( const [ name, route ] of Object.entries( routes ) ) {
			const times = [];
			for ( let i = 0; i < N_READS; i++ ) {
				const started = performance.now();
				const response = await fetch( `${ env.url }${ route }`, {
					headers,
				} );
				await response.arrayBuffer();
				if ( ! response.ok ) {
					throw new Error(
						`${ route } answered ${ response.status }`
					);
				}
				times.push( performance.now() - started );
			}
			result[ name ] = stats( times );
		}
	}
	const core = Object.entries( result ).filter(
		( [ name ] ) => name !== 'job'
	);
	const [ cheapest, cheapestStats ] = core.sort(
		( a, b ) => a[ 1 ].p50 - b[ 1 ].p50
	)[ 0 ];
	const job = result.job;
	return {
		raw: { routes, result, cheapest, cheapest_p50: cheapestStats.p50 },
		figures: [
			{
				id: 'read_job_p50',
				value: job.p50,
				unit: 'ms',
				digits: 1,
				meaning: `GET /iacp/v1/jobs/{id}, p50 of ${ N_READS } sequential (p95 ${ fmt( job.p95 ) } ms)`,
			},
			{
				id: 'read_core_cheapest_p50',
				value: cheapestStats.p50,
				unit: 'ms',
				digits: 1,
				meaning: `cheapest core read of ${ Object.values( routes ).slice( 1 ).join( ', ' ) }: ${ routes[ cheapest ] }`,
			},
			{
				id: 'read_job_vs_core',
				value: job.p50 / cheapestStats.p50,
				unit: '×',
				digits: 2,
				meaning: 'job read ÷ cheapest core read (p50)',
				target: '≤ 1× (±10 % noise)',
				met: job.p50 <= cheapestStats.p50 * 1.1,
			},
		],
	};
}

/** (i) Gzipped size of each built entry (WordPress's own packages are externals, so not in these files). */
async function bundleSizes() {
	const { gzipSync } = await import( 'node:zlib' );
	const build = path.join( ROOT, 'build' );
	const sizes = {};
	for ( const file of fs.readdirSync( build ) ) {
		if ( /\.(js|css)$/.test( file ) ) {
			const bytes = fs.readFileSync( path.join( build, file ) );
			sizes[ file ] = {
				raw: bytes.length,
				gzip: gzipSync( bytes, { level: 9 } ).length,
			};
		}
	}
	const figures = Object.entries( sizes ).map( ( [ file, size ] ) => ( {
		id: `bundle_${ file }`,
		value: size.gzip / 1024,
		unit: 'kB gz',
		digits: 1,
		meaning: `build/${ file } gzipped (${ fmt( size.raw / 1024 ) } kB raw; WordPress packages are externals)`,
		...( file === 'editor.js'
			? { target: '≤ 50 kB', met: size.gzip <= 50 * 1024 }
			: {} ),
	} ) );
	return { raw: { sizes }, figures };
}

// ---------------------------------------------------------------------------------------------------------------

function fmt( value, digits = 1 ) {
	if ( value === null || value === undefined || Number.isNaN( value ) ) {
		return '—';
	}
	if ( typeof value !== 'number' ) {
		return String( value );
	}
	return Math.abs( value ) >= 100
		? Math.round( value ).toLocaleString( 'en-US' )
		: value.toFixed( digits );
}

const rates = ( run ) =>
	run.rates_of_runs.map( ( r ) => fmt( r ) ).join( ', ' );

function printTable( rows ) {
	const cells = rows.map( ( row ) => [
		row.id,
		fmt( row.value, row.digits ?? 1 ),
		row.unit,
		row.target ? `${ row.target } ${ row.met ? 'met' : 'MISSED' }` : '',
		row.meaning,
	] );
	const header = [ 'figure', 'value', 'unit', 'target', 'what it measures' ];
	const widths = header.map( ( h, i ) =>
		Math.max( h.length, ...cells.map( ( c ) => c[ i ].length ) )
	);
	widths[ 4 ] = header[ 4 ].length;
	const line = ( c ) =>
		[
			c[ 0 ].padEnd( widths[ 0 ] ),
			c[ 1 ].padStart( widths[ 1 ] ),
			c[ 2 ].padEnd( widths[ 2 ] ),
			c[ 3 ].padEnd( widths[ 3 ] ),
			c[ 4 ],
		].join( '  ' );
	process.stdout.write(
		[
			line( header ),
			widths.map( ( w ) => '-'.repeat( w ) ).join( '  ' ),
			...cells.map( line ),
		].join( '\n' ) + '\n'
	);
}

async function main() {
	const startedAt = new Date();
	const stopOnSignal = async ( signal ) => {
		log( `${ signal }: stopping the bench site …` );
		await stopSite( SITE );
		process.exit( 130 );
	};
	process.once( 'SIGINT', stopOnSignal );
	process.once( 'SIGTERM', stopOnSignal );
	let env;
	const results = {};
	const errors = {};
	const steps = [
		[ 'enqueue', '(a) enqueue rate, PHP API and REST', enqueueRates ],
		[ 'drain', '(b) drain rate, 1 and 4 workers', drainRates ],
		[ 'ceiling', '(c) bare-SQL ceiling', ceiling ],
		[ 'cron', '(d) WP-Cron baseline', cronBaseline ],
		[ 'pickup', '(e) pickup latency, kick and daemon', pickupLatency ],
		[ 'claim', '(f) claim time at 0, 100k, 1M rows', claimTimes ],
		[ 'memory', '(g) worker memory over 10,000 jobs', workerMemory ],
		[ 'reads', '(h) job read vs core REST reads', readCost ],
		[ 'bundles', '(i) built entry sizes', bundleSizes ],
	];
	try {
		log( 'starting the bench site …' );
		env = await startSite( SITE );
		for ( const [ key, title, measure ] of steps ) {
			log( `${ title } …` );
			const t0 = performance.now();
			try {
				results[ key ] = await measure( env, results );
				results[ key ].seconds = ( performance.now() - t0 ) / 1000;
			} catch ( error ) {
				errors[ key ] = error.message;
				log( `${ title } failed: ${ error.message }` );
			}
		}
	} finally {
		log( 'stopping the bench site …' );
		if ( env ) {
			await setup( env, 'off' ).catch( () => {} );
		}
		await stopSite( SITE );
	}

	const rows = steps.flatMap( ( [ key ] ) => results[ key ]?.figures ?? [] );
	const raw = Object.fromEntries(
		Object.entries( results ).map( ( [ key, result ] ) => [
			key,
			{ ...result.raw, seconds: result.seconds },
		] )
	);
	const report = {
		started_at: startedAt.toISOString(),
		seconds: ( Date.now() - startedAt.getTime() ) / 1000,
		machine: {
			cores: os.cpus().length,
			cpu: os.cpus()[ 0 ]?.model,
			load_average_at_end: os.loadavg(),
			node: process.version,
			php: env.php,
			wordpress: env.wp_version,
			database: env.db.engine,
		},
		figures: rows.map( ( { digits, ...row } ) => row ),
		errors,
		raw,
	};
	fs.mkdirSync( ARTIFACTS_DIR, { recursive: true } );
	const file = path.join( ARTIFACTS_DIR, 'bench.json' );
	fs.writeFileSync( file, JSON.stringify( report, null, 2 ) + '\n' );

	process.stdout.write( '\n' );
	printTable( rows );
	process.stdout.write(
		`\n${ os.cpus().length } cores, load average ${ os
			.loadavg()
			.map( ( l ) => l.toFixed( 2 ) )
			.join(
				' '
			) } at the end; whole bench ${ report.seconds.toFixed( 0 ) } s. Raw figures: ${ path.relative( ROOT, file ) }\n`
	);
	for ( const [ key, message ] of Object.entries( errors ) ) {
		process.stdout.write( `measurement ${ key } failed: ${ message }\n` );
	}
	process.exitCode = Object.keys( errors ).length ? 1 : 0;
}

main().catch( ( error ) => {
	process.stderr.write( `${ error.stack ?? error }\n` );
	process.exitCode = 1;
} );
