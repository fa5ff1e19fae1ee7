#!/usr/bin/env node
// `npm run bench`: measured figures of the job engine (enqueue, drain, pickup latency, claim time, worker memory)
// on a dedicated site (`bench` in bin/lib/site.mjs, with the bin/bench/mu-plugin.php job type `bench_noop`).
// Not a test: nothing passes or fails; it prints a table and writes artifacts/bench.json. Targets are shown beside
// the figures they apply to. The bench site is stopped at the end, also when a measurement fails.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ARTIFACTS_DIR, port, ROOT, WP_CLI_BOOT } from './lib/paths.mjs';
import {
	log,
	sleep,
	startDetached,
	stopGroup,
	waitForPort,
} from './lib/process.mjs';
import { startSite, stopSite } from './lib/site.mjs';
import { measureFirstToken } from './bench/first-token.mjs';

const SITE = 'bench';
const BENCH_DIR = path.join( ROOT, 'bin/bench' );
const WORKER = path.join( ROOT, 'bin/iacp-worker.php' );

const N_ENQUEUE_PHP = 2000;
const N_ENQUEUE_REST = 300;
const REST_CONCURRENCY = 4;
const N_DRAIN = 2000;
const N_PEER = 2000;
// Claims of this many jobs in the batched ceiling: ClaimBuffer's largest batch.
const CEILING_BATCH = 16;
// Drain, ceiling and WP-Cron runs are repeated; the median run is reported (their ratios carry the targets).
const REPEATS = 3;
const N_CRON = 2000;
const N_PICKUP = 30;
const TTFT_MS = 300;
const FIRST_TOKEN_RUNS = 20;
const SLOTS = 4;
const SLOT_JOBS = 200;
const SLOTS_TIME_LIMIT = 150;
const RETRY_RUNS = 5;
const BURST_JOBS = 50;
const BURST_CLIENTS = 10;
const STEADY_RATE = 5;
const STEADY_SECONDS = 60;
// Claim time at 0, 100k and 1M rows; the 1M table holds 100k delayed pending jobs and 100k pending jobs of a type
// the claimer does not run, next to 800k finished ones.
const CLAIM_TABLES = [
	{ others: 0 },
	{ others: 100000 },
	{ others: 800000, delayed: 100000, foreign: 100000 },
];
const N_CLAIMS = 200;
const N_MEMORY = 10000;
const N_READS = 60;
const N_BATCH_POSTS = 10000;
const N_BATCH_ITEMS = 480;
const BATCH_TIME_LIMIT = 300;
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
function benchScript( env, name, flags = {}, timeoutMs = 120000 ) {
	return benchScriptEnv( env, name, flags, timeoutMs, {} );
}

/** benchScript() with extra environment variables for the PHP process. */
async function benchScriptEnv( env, name, flags, timeoutMs, extraEnv ) {
	const args = [
		path.join( BENCH_DIR, `${ name }.php` ),
		...( name === 'ceiling' ? [] : [ `--path=${ env.wp_path }` ] ),
		...Object.entries( flags ).map( ( [ key, value ] ) =>
			value === true ? `--${ key }` : `--${ key }=${ value }`
		),
	];
	const result = await runCommand( 'php', args, {
		timeoutMs,
		env: extraEnv,
	} );
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

/** Empties the jobs table, sets the instant kick (and web runners on bench jobs) and the write trace on or off. */
function setup( env, kick = 'off', trace = 'off' ) {
	return benchScript( env, 'setup', { kick, trace } );
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
			answeredMs: Date.now(),
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
	const summaries = runs.map( ( r ) => r.stdout.trim().split( '\n' ).pop() );
	// The workers' own run time ("… in 2.6 s"), from their first claim to their exit: without PHP and WordPress boot.
	const runSeconds = Math.max(
		...summaries.map( ( line ) =>
			Number( / in ([\d.]+) s;/.exec( line ?? '' )?.[ 1 ] ?? NaN )
		)
	);
	return {
		workers,
		queued: queued.n - queued.errors,
		seconds,
		completed: counts.completed,
		counts,
		per_second: counts.completed / seconds,
		all_completed: counts.completed === queued.n - queued.errors,
		exits: runs.map( ( r ) => r.code ),
		summaries,
		run_seconds: runSeconds,
		per_second_in_run: counts.completed / runSeconds,
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

/** Action Scheduler 3.8.2, unpacked from its archive (../shared/peers, or IACP_AS_ARCHIVE) for the bench only. */
function actionSchedulerDir() {
	const archive =
		process.env.IACP_AS_ARCHIVE ??
		path.resolve( ROOT, '../shared/peers/action-scheduler-3.8.2.tar.gz' );
	if ( ! fs.existsSync( archive ) ) {
		throw new Error(
			`Action Scheduler archive not found at ${ archive } (set IACP_AS_ARCHIVE)`
		);
	}
	const target = path.join(
		ROOT,
		'.iacp-env/bench-peers',
		path.basename( archive ).replace( /\.tar\.gz$/, '' )
	);
	if (
		! fs.existsSync(
			path.join( target, 'action-scheduler/action-scheduler.php' )
		)
	) {
		fs.mkdirSync( target, { recursive: true } );
		const untar = spawnSync( 'tar', [ 'xzf', archive, '-C', target ] );
		if ( untar.status !== 0 ) {
			throw new Error( `tar xzf ${ archive }: ${ untar.stderr }` );
		}
	}
	return path.join( target, 'action-scheduler' );
}

/** One side of the peer comparison: enqueue N effect jobs, then drain them with `processes` processes. */
async function peerRun( env, system, processes, asDir ) {
	const asEnv = {
		IACP_BENCH_AS: asDir,
		IACP_BENCH_AS_PROCESSES: String( processes ),
	};
	const peer = ( flags, timeoutMs = 180000 ) =>
		benchScriptEnv( env, 'peer', flags, timeoutMs, asEnv );
	await setup( env, 'off' );
	await peer( { action: 'reset' } );
	const enqueued = await peer( { action: 'enqueue', system, n: N_PEER } );
	const started = performance.now();
	const runs = await Promise.all(
		Array.from( { length: processes }, () =>
			system === 'as'
				? runCommand(
						'php',
						[
							path.join( BENCH_DIR, 'peer.php' ),
							`--path=${ env.wp_path }`,
							'--action=drain',
						],
						{ timeoutMs: 300000, env: asEnv }
					)
				: runCommand(
						'php',
						[
							WORKER,
							`--path=${ env.wp_path }`,
							'--once',
							'--type=bench_effect',
							'--sleep=0.05',
							'--quiet',
						],
						{ timeoutMs: 300000 }
					)
		)
	);
	const seconds = ( performance.now() - started ) / 1000;
	const count = await peer( { action: 'count' } );
	return {
		system,
		processes,
		enqueue_per_second: enqueued.per_second,
		enqueue_errors: enqueued.errors,
		seconds,
		effects: count.effects,
		distinct_jobs: count.jobs,
		per_second: count.jobs / seconds,
		exactly_once: count.effects === N_PEER && count.jobs === N_PEER,
		exits: runs.map( ( r ) => r.code ),
	};
}

/** (j) IACP against Action Scheduler 3.8.2: same jobs, same effect, one and four processes each, enqueue rates. */
async function peerComparison( env ) {
	const asDir = actionSchedulerDir();
	const runs = {};
	for ( const processes of [ 1, 4 ] ) {
		for ( const system of [ 'iacp', 'as' ] ) {
			const measure = () => peerRun( env, system, processes, asDir );
			// The one-process runs carry the target: median of REPEATS; four processes: one run each.
			runs[ `${ system }_${ processes }` ] =
				processes === 1
					? await median( measure, ( r ) => r.per_second )
					: { ...( await measure() ), rates_of_runs: [] };
		}
	}
	const ratio = ( n ) =>
		runs[ `iacp_${ n }` ].per_second / runs[ `as_${ n }` ].per_second;
	const row = ( id, run, what ) => ( {
		id,
		value: run.per_second,
		unit: 'jobs/s',
		meaning: `${ N_PEER } jobs that each write one row, ${ what }${ run.rates_of_runs.length ? `, median of ${ REPEATS } (${ rates( run ) })` : '' }; ${ run.exactly_once ? 'each effect exactly once' : `EFFECTS ${ run.effects } for ${ run.distinct_jobs } jobs` }`,
	} );
	return {
		raw: runs,
		figures: [
			row(
				'peer_iacp_1',
				runs.iacp_1,
				'IACP, 1 × bin/iacp-worker.php --once'
			),
			row(
				'peer_as_1',
				runs.as_1,
				'Action Scheduler 3.8.2, 1 process running ActionScheduler_QueueRunner::run() until empty'
			),
			{
				id: 'peer_iacp_vs_as_1',
				value: ratio( 1 ),
				unit: '×',
				meaning: 'IACP ÷ Action Scheduler, one process each',
				target: '≥ 3×',
				met: ratio( 1 ) >= 3,
			},
			row( 'peer_iacp_4', runs.iacp_4, 'IACP, 4 workers' ),
			row(
				'peer_as_4',
				runs.as_4,
				'Action Scheduler, 4 processes (its concurrent-batches filter raised to 4)'
			),
			{
				id: 'peer_iacp_vs_as_4',
				value: ratio( 4 ),
				unit: '×',
				meaning: 'IACP ÷ Action Scheduler, four processes each',
			},
			{
				id: 'peer_enqueue_iacp',
				value: runs.iacp_1.enqueue_per_second,
				unit: 'jobs/s',
				meaning: `iacp_enqueue_job('bench_effect') ×${ N_PEER } in one process`,
			},
			{
				id: 'peer_enqueue_as',
				value: runs.as_1.enqueue_per_second,
				unit: 'jobs/s',
				meaning: `as_enqueue_async_action() ×${ N_PEER } in one process (${ fmt( runs.iacp_1.enqueue_per_second / runs.as_1.enqueue_per_second, 2 ) }× for IACP)`,
			},
		],
	};
}

/** The 1-worker drain rate measured earlier in this run, if it was. */
const oneWorkerRate = ( earlier ) => earlier.drain?.raw.one.per_second ?? null;

async function ceiling( env, earlier ) {
	const loop = ( batch ) =>
		median(
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
						batch,
					},
					180000
				);
			},
			( r ) => r.per_second
		);
	const single = await loop( 1 );
	const batched = await loop( CEILING_BATCH );
	const figures = [
		{
			id: 'ceiling_bare_sql',
			value: single.per_second,
			unit: 'jobs/s',
			meaning: `one job per claim (START, SELECT … FOR UPDATE SKIP LOCKED, guarded UPDATE, COMMIT) + complete UPDATE — 5 statements a job, log lines appended by the database — bare mysqli loop, 1 process, ${ single.completed }/${ single.n } rows, median of ${ REPEATS } (${ rates( single ) })`,
		},
		{
			id: 'ceiling_bare_sql_batched',
			value: batched.per_second,
			unit: 'jobs/s',
			meaning: `the same with claims of ${ CEILING_BATCH } jobs (one SELECT, one UPDATE), as a worker claims short jobs — 1.25 statements a job; median of ${ REPEATS } (${ rates( batched ) })`,
		},
	];
	const drained = oneWorkerRate( earlier );
	if ( drained !== null ) {
		for ( const [ id, raw, what ] of [
			[ 'drain_vs_ceiling', single, 'the one-job-per-claim ceiling' ],
			[
				'drain_vs_ceiling_batched',
				batched,
				'the batched ceiling (the same statements as the worker)',
			],
		] ) {
			const share = ( drained / raw.per_second ) * 100;
			figures.push( {
				id,
				value: share,
				unit: '%',
				meaning: `1-worker drain rate ÷ ${ what }`,
				target: '≥ 75 %',
				met: share >= 75,
			} );
		}
		// The ceiling's clock starts after its connection and its rows: the worker's own run time is the like-for-like.
		const inRun = earlier.drain.raw.one.per_second_in_run;
		const share = ( inRun / batched.per_second ) * 100;
		figures.push( {
			id: 'drain_in_run_vs_ceiling_batched',
			value: share,
			unit: '%',
			meaning: `1-worker rate within its run (${ fmt( inRun ) } jobs/s: ${ earlier.drain.raw.one.completed } jobs in the ${ earlier.drain.raw.one.run_seconds } s its summary reports, PHP and WordPress boot excluded as the ceiling's clock excludes its connection) ÷ the batched ceiling`,
			target: '≥ 75 %',
			met: share >= 75,
		} );
	}
	return { raw: { single, batched }, figures };
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

/**
 * A standalone worker (bin/iacp-worker.php) for `types`, polling every 0.1 s for at most `timeLimit` seconds.
 * `exited` resolves with its exit code; `exit` ({ code, at }) and `stderrText` say when it left and why.
 */
function spawnWorker( env, types, timeLimit ) {
	const worker = spawn(
		'php',
		[
			WORKER,
			`--path=${ env.wp_path }`,
			`--type=${ types }`,
			'--sleep=0.1',
			`--time-limit=${ timeLimit }`,
			'--quiet',
		],
		{ cwd: ROOT, stdio: [ 'ignore', 'ignore', 'pipe' ] }
	);
	worker.stderrText = '';
	worker.stderr.on( 'data', ( chunk ) => ( worker.stderrText += chunk ) );
	worker.exited = new Promise( ( resolve ) =>
		worker.on( 'close', ( code ) => {
			worker.exit = { code, at: performance.now() };
			resolve( code );
		} )
	);
	return worker;
}

/** Starts a `wp iacp work --type=<types>` daemon; resolves once it has booted. Returns its stop(). */
async function startDaemon( env, types = 'bench_noop', sleepSeconds = '0.1' ) {
	const daemon = spawn(
		'php',
		[
			WP_CLI_BOOT,
			'--allow-root',
			`--path=${ env.wp_path }`,
			'iacp',
			'work',
			`--type=${ types }`,
			`--sleep=${ sleepSeconds }`,
		],
		{
			cwd: ROOT,
			env: { ...process.env, WP_CLI_PHP_USED: env.php },
			stdio: 'ignore',
		}
	);
	const exited = new Promise( ( resolve ) =>
		daemon.on( 'close', ( code, signal ) => resolve( { code, signal } ) )
	);
	await sleep( 3000 ); // Booted and polling.
	return {
		pid: daemon.pid,
		async stop() {
			daemon.kill( 'SIGTERM' );
			const stopped = await Promise.race( [
				exited,
				sleep( 15000 ).then( () => null ),
			] );
			if ( ! stopped ) {
				daemon.kill( 'SIGKILL' );
			}
			return stopped ?? { code: null, signal: 'SIGKILL' };
		},
	};
}

/**
 * Sends bench_noop jobs through REST (`send` gets the REST client and returns what it sent) with the instant kick
 * only or with one daemon, waits until they ran, and returns the delays from each REST request (`from: 'request'`)
 * or REST answer (`from: 'answer'`) to the job's handler start.
 */
async function pickup( env, mode, send, from = 'request' ) {
	await setup( env, mode === 'kick' ? 'on' : 'off' );
	const daemon = mode === 'daemon' ? await startDaemon( env ) : null;
	let sent = [];
	let daemonExit = null;
	try {
		sent = await send( restClient( env ) );
		// Without a daemon a job the kick missed waits for WP-Cron (every minute).
		await waitForQueue( env, 90000 );
	} finally {
		if ( daemon ) {
			daemonExit = await daemon.stop();
		}
	}
	const answer = await benchScript( env, 'status', { results: true } );
	const latencies = [];
	let missing = 0;
	for ( const s of sent ) {
		const startedMs = s.id ? answer.started_ms[ s.id ] : undefined;
		if ( startedMs ) {
			latencies.push(
				startedMs - ( from === 'answer' ? s.answeredMs : s.sentMs )
			);
		} else {
			missing++;
		}
	}
	return {
		mode,
		from,
		sent: sent.length,
		accepted: sent.filter( ( s ) => s.status === 202 ).length,
		missing,
		counts: answer.counts,
		latency_ms: stats( latencies ),
		samples_ms: latencies.map( ( v ) => Math.round( v ) ),
		daemon_exit: daemonExit,
	};
}

/** One job at a time, `spacingMs` apart (each waits for the previous REST answer). */
const spaced = ( spacingMs ) => async ( enqueue ) => {
	const sent = [];
	for ( let i = 0; i < N_PICKUP; i++ ) {
		const tick = Date.now();
		sent.push( await enqueue( i ) );
		await sleep( Math.max( 0, spacingMs - ( Date.now() - tick ) ) );
	}
	return sent;
};

/** A burst: `clients` concurrent clients send `total` jobs between them as fast as they are answered. */
const burst = ( total, clients ) => async ( enqueue ) => {
	const sent = [];
	let next = 0;
	await Promise.all(
		Array.from( { length: clients }, async () => {
			while ( next < total ) {
				sent.push( await enqueue( next++ ) );
			}
		} )
	);
	return sent;
};

/** A steady rate: one job every 1000/perSecond ms for `seconds`, each sent on time whatever the earlier answers. */
const steady = ( perSecond, seconds ) => async ( enqueue ) => {
	const requests = [];
	const started = Date.now();
	for ( let i = 0; i < perSecond * seconds; i++ ) {
		await sleep(
			Math.max( 0, started + ( i * 1000 ) / perSecond - Date.now() )
		);
		requests.push( enqueue( i ) );
	}
	return Promise.all( requests );
};

/** The p50 and p95 rows of one pickup run; p50 (and p95 when given) carry targets. */
function pickupRows( id, p, what, p50Limit = null, p95Limit = null ) {
	const note = p.missing
		? ` (${ p.missing } of ${ p.sent } never started)`
		: '';
	const within = ( value, limit ) =>
		limit === null
			? {}
			: {
					target: `≤ ${ limit } ms`,
					met: value !== null && value <= limit,
				};
	return [
		{
			id: `${ id }_p50`,
			value: p.latency_ms.p50,
			unit: 'ms',
			meaning: `${ what }, p50 of ${ p.latency_ms.n }${ note }`,
			...within( p.latency_ms.p50, p50Limit ),
		},
		{
			id: `${ id }_p95`,
			value: p.latency_ms.p95,
			unit: 'ms',
			meaning: `same, p95 (max ${ fmt( p.latency_ms.max ) } ms)`,
			...within( p.latency_ms.p95, p95Limit ),
		},
	];
}

async function pickupLatency( env ) {
	const kick = await pickup( env, 'kick', spaced( 1200 ) );
	const daemon = await pickup( env, 'daemon', spaced( 500 ) );
	return {
		raw: { kick, daemon },
		figures: [
			...pickupRows(
				'pickup_kick',
				kick,
				'REST request → handler start, WP-Cron + instant kick only, jobs spaced 1.2 s apart (one at a time: the easy case)',
				1000
			),
			...pickupRows(
				'pickup_daemon',
				daemon,
				'REST request → handler start, `wp iacp work --sleep=0.1` daemon (kick off), jobs 0.5 s apart',
				250
			),
		],
	};
}

/** (k) Bursts: 50 jobs from 10 concurrent clients, and 5 jobs/s for 60 s; kick only, and with one daemon. */
async function burstLatency( env ) {
	const runs = {
		burst_kick: await pickup(
			env,
			'kick',
			burst( BURST_JOBS, BURST_CLIENTS ),
			'answer'
		),
		burst_daemon: await pickup(
			env,
			'daemon',
			burst( BURST_JOBS, BURST_CLIENTS ),
			'answer'
		),
		steady_kick: await pickup(
			env,
			'kick',
			steady( STEADY_RATE, STEADY_SECONDS ),
			'answer'
		),
		steady_daemon: await pickup(
			env,
			'daemon',
			steady( STEADY_RATE, STEADY_SECONDS ),
			'answer'
		),
	};
	const burstWhat = `${ BURST_JOBS } jobs from ${ BURST_CLIENTS } concurrent REST clients, REST answer → handler start`;
	const steadyWhat = `${ STEADY_RATE } jobs/s for ${ STEADY_SECONDS } s, REST answer → handler start`;
	return {
		raw: runs,
		figures: [
			...pickupRows(
				'burst_kick',
				runs.burst_kick,
				`${ burstWhat }, instant kick only`,
				1000,
				2000
			),
			...pickupRows(
				'burst_daemon',
				runs.burst_daemon,
				`${ burstWhat }, one daemon`
			),
			...pickupRows(
				'steady_kick',
				runs.steady_kick,
				`${ steadyWhat }, instant kick only`,
				1000,
				2000
			),
			...pickupRows(
				'steady_daemon',
				runs.steady_daemon,
				`${ steadyWhat }, one daemon`
			),
		],
	};
}

/** The local test AI server for the provider measurements; resolves with its base URL and a stop(). */
async function startAiServer( latencyMs = 0 ) {
	const aiPort = port( 8197 );
	// Its log goes to artifacts/, which a bench of only some measurements (IACP_BENCH_ONLY) may not have yet.
	fs.mkdirSync( ARTIFACTS_DIR, { recursive: true } );
	const pid = startDetached(
		path.join( ROOT, 'node_modules/.bin/tsx' ),
		[
			'tools/ai-server/main.ts',
			'--port',
			String( aiPort ),
			'--latency',
			String( latencyMs ),
		],
		{
			cwd: ROOT,
			logFile: path.join( ARTIFACTS_DIR, 'bench-ai-server.log' ),
		}
	);
	await waitForPort( aiPort, 30000 );
	const base = `http://127.0.0.1:${ aiPort }`;
	return {
		url: `${ base }/v1`,
		async control( method, route ) {
			const response = await fetch( `${ base }${ route }`, { method } );
			return response.json();
		},
		stop: () => stopGroup( pid ),
	};
}

/** Requests at the provider over time, from the test server's log: the mean and the most at once. */
function inFlight( requests ) {
	const spans = requests
		.filter( ( r ) => r.durationMs !== null )
		.map( ( r ) => {
			const start = Date.parse( r.time );
			return [ start, start + r.durationMs ];
		} );
	if ( ! spans.length ) {
		return { requests: 0, mean: 0, max: 0, seconds: 0 };
	}
	const events = spans
		.flatMap( ( [ start, end ] ) => [
			[ start, 1 ],
			[ end, -1 ],
		] )
		// Ends before starts at the same millisecond: a slot handed on is not two at once.
		.sort( ( a, b ) => a[ 0 ] - b[ 0 ] || a[ 1 ] - b[ 1 ] );
	let now = 0;
	let max = 0;
	let area = 0;
	let last = events[ 0 ][ 0 ];
	for ( const [ time, change ] of events ) {
		area += now * ( time - last );
		last = time;
		now += change;
		max = Math.max( max, now );
	}
	const first = events[ 0 ][ 0 ];
	const end = events[ events.length - 1 ][ 0 ];
	// Mean requests at once in each second of the run: where the dips are.
	const perSecond = Array.from(
		{ length: Math.ceil( ( end - first ) / 1000 ) },
		( _, i ) => {
			const from = first + i * 1000;
			const to = Math.min( end, from + 1000 );
			const busy = spans.reduce(
				( sum, [ a, b ] ) =>
					sum +
					Math.max( 0, Math.min( b, to ) - Math.max( a, from ) ),
				0
			);
			return Math.round( ( busy / ( to - from ) ) * 10 ) / 10;
		}
	);
	return {
		requests: spans.length,
		mean: area / ( end - first ),
		max,
		seconds: ( end - first ) / 1000,
		per_second: perSecond,
	};
}

/** (l) Provider slots: 200 one-second text jobs, provider_max_in_flight 4, two workers and the instant kick. */
async function providerSlots( env ) {
	const ai = await startAiServer();
	const workers = [];
	try {
		await setup( env, 'on' );
		await benchScript( env, 'provider', {
			url: ai.url,
			'in-flight': SLOTS,
		} );
		await ai.control( 'POST', '/__control/reset' );
		const started = performance.now();
		for ( let i = 0; i < 2; i++ ) {
			workers.push( spawnWorker( env, 'text', SLOTS_TIME_LIMIT ) );
		}
		// Enqueued through the PHP API, which sends the instant kick as a site would.
		await benchScript( env, 'provider', {
			url: ai.url,
			'in-flight': SLOTS,
			jobs: SLOT_JOBS,
		} );
		const counts = await waitForQueue( env, SLOTS_TIME_LIMIT * 1000 );
		const seconds = ( performance.now() - started ) / 1000;
		const requests = (
			await ai.control( 'GET', '/__control/requests' )
		).filter( ( r ) => r.path === '/v1/chat/completions' );
		const flight = inFlight( requests );
		// Done: the workers finish what they hold and stop (SIGTERM), instead of idling to their time limit.
		const answers = await Promise.all(
			workers.splice( 0 ).map( ( worker ) => {
				worker.kill( 'SIGTERM' );
				return worker.exited;
			} )
		);
		const { counts: final } = await benchScript( env, 'status' );
		return {
			raw: { seconds, counts, final, flight, worker_exits: answers },
			figures: [
				{
					id: 'provider_in_flight_mean',
					value: flight.mean,
					unit: 'requests',
					digits: 2,
					meaning: `requests at the test AI server at once, averaged from its first request to its last answer (${ fmt( flight.seconds ) } s, ${ flight.requests } requests for ${ SLOT_JOBS } text jobs of ~1 s each; ${ final.completed } completed), provider_max_in_flight ${ SLOTS }, 2 workers + the instant kick`,
					target: `≥ ${ SLOTS * 0.9 }`,
					met: flight.mean >= SLOTS * 0.9,
				},
				{
					id: 'provider_in_flight_max',
					value: flight.max,
					unit: 'requests',
					digits: 0,
					meaning:
						'the most requests at the test AI server at once during that run',
					target: `≤ ${ SLOTS }`,
					met: flight.max <= SLOTS,
				},
			],
		};
	} finally {
		for ( const worker of workers ) {
			worker.kill( 'SIGKILL' );
		}
		await ai.stop();
		await setup( env, 'off' ).catch( () => {} );
	}
}

/**
 * One excerpt batch of N_BATCH_ITEMS items run by `count` workers and the instant kick: items per minute from the
 * start to "completed", and the requests at the provider at once. Workers are pushed to `workers` (killed on error).
 */
async function batchThroughput( env, ai, count, workers ) {
	await ai.control( 'POST', '/__control/reset' );
	const mine = [];
	for ( let i = 0; i < count; i++ ) {
		const worker = spawnWorker(
			env,
			'batch_step,post_field',
			BATCH_TIME_LIMIT
		);
		mine.push( worker );
		workers.push( worker );
	}
	const started = performance.now();
	const run = await benchScript( env, 'batch', {
		start: true,
		limit: N_BATCH_ITEMS,
	} );
	let progress;
	do {
		await sleep( 500 );
		progress = await benchScript( env, 'batch', {
			progress: run.batch,
		} );
	} while (
		progress.status !== 'completed' &&
		performance.now() - started < BATCH_TIME_LIMIT * 1000
	);
	const seconds = ( performance.now() - started ) / 1000;
	// A worker that left before the batch ended (its exit code, when, and what it said) explains a dip.
	const early = mine
		.filter( ( worker ) => worker.exit )
		.map( ( worker ) => ( {
			code: worker.exit.code,
			after_s: ( worker.exit.at - started ) / 1000,
			stderr: worker.stderrText.slice( -500 ),
		} ) );
	const requests = (
		await ai.control( 'GET', '/__control/requests' )
	).filter( ( r ) => r.path === '/v1/chat/completions' );
	await Promise.all(
		mine.map( ( worker ) => {
			worker.kill( 'SIGTERM' );
			return worker.exited;
		} )
	);
	workers.splice(
		0,
		workers.length,
		...workers.filter( ( w ) => ! mine.includes( w ) )
	);
	return {
		workers: count,
		early,
		...run,
		seconds,
		progress,
		flight: inFlight( requests ),
		perMinute: ( ( progress.counts.done ?? 0 ) * 60 ) / seconds,
	};
}

/** (p) Batches: start over 10,000 posts, planner memory (1,000 vs 10,000), items/minute with 1 s answers and 4 slots. */
async function batches( env ) {
	const ai = await startAiServer();
	const workers = [];
	try {
		// Planning alone first: no kick, no workers, only this script's steps.
		await setup( env, 'off' );
		await benchScript( env, 'provider', {
			url: ai.url,
			'in-flight': SLOTS,
		} );
		await benchScript( env, 'batch', { seed: N_BATCH_POSTS }, 600000 );
		const small = await benchScript( env, 'batch', {
			start: true,
			limit: N_BATCH_POSTS / 10,
		} );
		const smallPlan = await benchScript(
			env,
			'batch',
			{ plan: small.batch },
			900000
		);
		const big = await benchScript( env, 'batch', { start: true } );
		const bigPlan = await benchScript(
			env,
			'batch',
			{ plan: big.batch },
			900000
		);

		// Throughput against the test AI server (1 s per answer): runners as many as the provider's slots (2 workers
		// and the kick's 2), then more runners than slots (4 workers and the kick), where the provider is the limit.
		await setup( env, 'on' );
		await benchScript( env, 'provider', {
			url: ai.url,
			'in-flight': SLOTS,
		} );
		const even = await batchThroughput( env, ai, 2, workers );
		const more = await batchThroughput( env, ai, 4, workers );
		const allowed = SLOTS * 60;
		const mb = ( bytes ) => bytes / 1024 / 1024;
		return {
			raw: {
				small: { ...small, ...smallPlan },
				big: { ...big, ...bigPlan },
				even,
				more,
			},
			figures: [
				{
					id: 'batch_start_10k_ms',
					value: big.ms,
					unit: 'ms',
					meaning: `BatchService::create() (what POST /batches runs) for an excerpt batch over ${ big.total } posts: validation, one COUNT, the row, the first step job`,
					target: '< 1000',
					met: big.ms < 1000,
				},
				{
					id: 'batch_plan_10k_s',
					value: bigPlan.seconds,
					unit: 's',
					meaning: `planning ${ bigPlan.planned } items in the background, in ${ bigPlan.steps } steps (keyset pages of 500 IDs, ≤ 2 s per step)`,
				},
				{
					id: 'batch_plan_memory_10k',
					value: mb( bigPlan.memory_peak - bigPlan.memory_before ),
					unit: 'MB',
					digits: 2,
					meaning: `the planning process's peak memory above what WordPress had loaded, ${ bigPlan.planned } items`,
				},
				{
					id: 'batch_plan_memory_1k',
					value: mb(
						smallPlan.memory_peak - smallPlan.memory_before
					),
					unit: 'MB',
					digits: 2,
					meaning: `the same for ${ smallPlan.planned } items: no growth with the batch's size`,
					target: 'same as 10k',
					met:
						Math.abs(
							bigPlan.memory_peak -
								bigPlan.memory_before -
								( smallPlan.memory_peak -
									smallPlan.memory_before )
						) <
						1024 * 1024,
				},
				...[ even, more ].map( ( run ) => ( {
					id: `batch_items_per_minute_${ run.workers }_workers`,
					value: run.perMinute,
					unit: 'items/min',
					meaning: `${ run.progress.counts.done ?? 0 } of ${ N_BATCH_ITEMS } excerpts written in ${ fmt( run.seconds ) } s from the start (status ${ run.progress.status }), answers of ~1 s, provider_max_in_flight ${ SLOTS } (allows ${ allowed }/min), ${ run.workers } workers + the instant kick (2 kick slots); mean ${ fmt( run.flight.mean, 2 ) } requests at once`,
					target: `≥ ${ allowed * 0.9 }`,
					met: run.perMinute >= allowed * 0.9,
				} ) ),
			],
		};
	} finally {
		for ( const worker of workers ) {
			worker.kill( 'SIGKILL' );
		}
		await ai.stop();
		await setup( env, 'off' ).catch( () => {} );
	}
}

/** (o) Retry-After as a floor: 429s asking for 2 s, retried by a daemon polling every 50 ms; gaps from the server's log. */
async function retryAfter( env ) {
	const ai = await startAiServer();
	let daemon = null;
	let requests = [];
	try {
		await setup( env, 'off' );
		await benchScript( env, 'provider', {
			url: ai.url,
			'in-flight': SLOTS,
		} );
		await ai.control( 'POST', '/__control/reset' );
		daemon = await startDaemon( env, 'text', '0.05' );
		// One job at a time, so the 429s land at different points of a second.
		for ( let i = 0; i < RETRY_RUNS; i++ ) {
			await benchScript( env, 'provider', {
				url: ai.url,
				'in-flight': SLOTS,
				'rate-limited': 1,
			} );
			await sleep( 700 );
		}
		await waitForQueue( env, 60000 );
		requests = ( await ai.control( 'GET', '/__control/requests' ) ).filter(
			( r ) => r.path === '/v1/chat/completions'
		);
	} finally {
		if ( daemon ) {
			await daemon.stop();
		}
		await ai.stop();
	}
	const byJob = new Map();
	for ( const request of requests ) {
		byJob.set( request.prompt, [
			...( byJob.get( request.prompt ) ?? [] ),
			request,
		] );
	}
	const gaps = [ ...byJob.values() ]
		.filter( ( list ) => list.length >= 2 )
		.map( ( list ) => {
			const [ refused, retried ] = list.sort(
				( a, b ) => Date.parse( a.time ) - Date.parse( b.time )
			);
			return (
				Date.parse( retried.time ) -
				( Date.parse( refused.time ) + refused.durationMs )
			);
		} );
	const gap = stats( gaps );
	return {
		raw: { gaps_ms: gaps, requests: requests.length },
		figures: [
			{
				id: 'retry_after_shortest_wait',
				value: gap.n ? Math.min( ...gaps ) : null,
				unit: 'ms',
				meaning: `429 with Retry-After: 2 → the retry's request at the test AI server, shortest of ${ gap.n } jobs (p50 ${ fmt( gap.p50 ) }, max ${ fmt( gap.max ) } ms), a \`wp iacp work --sleep=0.05\` daemon`,
				target: '≥ 2,000 ms',
				met: gap.n === RETRY_RUNS && Math.min( ...gaps ) >= 2000,
			},
		],
	};
}

/** (m) Recovery: a worker is SIGKILLed mid-job with the default lease; a daemon next to it restarts the job. */
async function recovery( env ) {
	await setup( env, 'off' );
	await benchScriptEnv( env, 'peer', { action: 'reset' }, 60000, {} );
	const victim = spawn(
		'php',
		[
			WORKER,
			`--path=${ env.wp_path }`,
			'--type=bench_sleep',
			'--max-jobs=1',
			'--sleep=0.1',
		],
		{ cwd: ROOT, stdio: 'ignore' }
	);
	let daemon = null;
	try {
		await benchScript( env, 'recovery', { action: 'enqueue', ms: 60000 } );
		let state;
		const deadline = Date.now() + 30000;
		do {
			await sleep( 200 );
			state = await benchScript( env, 'recovery', { action: 'state' } );
		} while ( state.attempt_starts.length < 1 && Date.now() < deadline );
		await sleep( 1000 ); // Some heartbeats: the kill lands mid-job, not at its claim.
		// The daemon was there all along in a real site; started here so it cannot claim the job first.
		daemon = await startDaemon( env, 'bench_sleep', '0.5' );
		const killedMs = Date.now();
		victim.kill( 'SIGKILL' );
		const until = Date.now() + 60000;
		do {
			await sleep( 200 );
			state = await benchScript( env, 'recovery', { action: 'state' } );
		} while ( state.attempt_starts.length < 2 && Date.now() < until );
		const restartedMs = state.attempt_starts[ 1 ] ?? null;
		const seconds =
			restartedMs === null ? null : ( restartedMs - killedMs ) / 1000;
		return {
			raw: { state, killed_ms: killedMs, seconds },
			figures: [
				{
					id: 'recovery_after_sigkill',
					value: seconds,
					unit: 's',
					digits: 1,
					meaning: `SIGKILL of a worker mid-job → the job's second attempt starts in a \`wp iacp work --sleep=0.5\` daemon (default lease ${ state.lease_seconds } s, renewed by heartbeats; the daemon reaps every 2 s)`,
					target: '≤ 15 s',
					met: seconds !== null && seconds <= 15,
				},
			],
		};
	} finally {
		victim.kill( 'SIGKILL' );
		if ( daemon ) {
			await daemon.stop();
		}
		await setup( env, 'off' );
	}
}

/** (n) First token on screen in Chromium vs the server's own time-to-first-token (bin/bench/first-token.mjs). */
async function firstToken( env ) {
	const ai = await startAiServer( TTFT_MS );
	let raw;
	try {
		raw = await measureFirstToken( {
			env,
			ai,
			ttftMs: TTFT_MS,
			runs: FIRST_TOKEN_RUNS,
			gapMs: 3000,
			screenshot: path.join(
				ARTIFACTS_DIR,
				'bench-first-token-failed.png'
			),
			benchScript,
			setup,
			stats,
			sleep,
		} );
	} finally {
		await ai.stop();
	}
	const hop = ( key ) =>
		`${ key } ${ fmt( raw.hops[ key ].p50 ) }/${ fmt( raw.hops[ key ].p95 ) }`;
	return {
		raw,
		figures: [
			{
				id: 'first_token_direct_p50',
				value: raw.direct.p50,
				unit: 'ms',
				meaning: `the test AI server's time to the first content delta (set to ${ TTFT_MS } ms), official openai client, p50 of ${ raw.direct.n } (p95 ${ fmt( raw.direct.p95 ) })`,
			},
			{
				id: 'first_token_screen_p50',
				value: raw.hops.total.p50,
				unit: 'ms',
				meaning: `Chromium: click on AI → Shorten → first streamed words visible in the dialog, instant kick only, p50 of ${ raw.hops.total.n } (p95 ${ fmt( raw.hops.total.p95 ) }); hops p50/p95 ms: ${ [ 'enqueue', 'click_to_request', 'rest_request', 'pickup', 'handler_to_provider', 'provider_to_partial_write', 'delivery' ].map( hop ).join( ', ' ) }`,
			},
			{
				id: 'first_token_overhead_p50',
				value: raw.overhead.p50,
				unit: 'ms',
				meaning:
					'on screen − direct p50: what the plugin adds to the provider’s first token',
				target: '≤ 250 ms',
				met: raw.overhead.p50 <= 250,
			},
			{
				id: 'first_token_overhead_p95',
				value: raw.overhead.p95,
				unit: 'ms',
				meaning: 'same, p95',
				target: '≤ 600 ms',
				met: raw.overhead.p95 <= 600,
			},
		],
	};
}

async function claimTimes( env ) {
	await setup( env, 'off' );
	const runs = [];
	for ( const table of CLAIM_TABLES ) {
		log( `  claim time with ${ JSON.stringify( table ) } …` );
		runs.push(
			await benchScript(
				env,
				'claim',
				{ ...table, pending: N_CLAIMS + 100, claims: N_CLAIMS },
				300000
			)
		);
	}
	await setup( env, 'off' );
	return { raw: runs, figures: runs.flatMap( claimRows ) };
}

/** The mean and p95 rows of one claim-time run; the run at a million rows carries the target. */
function claimRows( run ) {
	const rows = run.others + run.delayed + run.foreign;
	let label = String( rows );
	if ( rows >= 1000000 ) {
		label = `${ rows / 1000000 }M`;
	} else if ( rows >= 1000 ) {
		label = `${ rows / 1000 }k`;
	}
	const target = ( ms ) =>
		rows >= 1000000 ? { target: '≤ 5 ms', met: ms <= 5 } : {};
	const pending =
		run.delayed + run.foreign
			? `, of which ${ run.delayed.toLocaleString( 'en-US' ) } delayed pending and ${ run.foreign.toLocaleString( 'en-US' ) } pending of another type`
			: '';
	return [
		{
			id: `claim_${ label }_mean`,
			value: run.total_ms.mean,
			unit: 'ms',
			digits: 2,
			meaning: `claim_next() + complete transition(), mean of ${ run.total_ms.n }, ${ rows.toLocaleString( 'en-US' ) } other rows${ pending } (claim ${ run.claim_ms.mean.toFixed( 2 ) } + complete ${ run.complete_ms.mean.toFixed( 2 ) } ms; index ${ run.explain.key })`,
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
				id: 'statements_per_job',
				value: run.queries / run.summary.processed,
				unit: 'statements',
				digits: 2,
				meaning: `SQL statements the Runner sent per job over those ${ run.summary.processed.toLocaleString( 'en-US' ) } bench_noop jobs ($wpdb->num_queries: claims, status writes, reaps, everything; the bare-SQL ceilings send 5 and 1.25)`,
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
		[ 'peer', '(j) against Action Scheduler 3.8.2', peerComparison ],
		[ 'bursts', '(k) bursts and a steady 5 jobs/s', burstLatency ],
		[ 'slots', '(l) provider slots in use', providerSlots ],
		[ 'recovery', '(m) recovery after a SIGKILLed worker', recovery ],
		[ 'retry_after', '(o) Retry-After as a floor', retryAfter ],
		[ 'batches', '(p) batches: start, planner, items/minute', batches ],
		[ 'first_token', '(n) first token on screen in Chromium', firstToken ],
	];
	try {
		log( 'starting the bench site …' );
		env = await startSite( SITE );
		// IACP_BENCH_ONLY=peer,slots runs only those measurements (while working on one).
		const only = ( process.env.IACP_BENCH_ONLY ?? '' )
			.split( ',' )
			.filter( Boolean );
		for ( const [ key, title, measure ] of steps ) {
			if ( only.length && ! only.includes( key ) ) {
				continue;
			}
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
