// Small wrappers over child_process: run a command to completion, or start one detached and remember its pid.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export function log( message ) {
	process.stdout.write( `[iacp] ${ message }\n` );
}

/** Runs a command, streaming its output; resolves with its exit code (never rejects on a non-zero exit). */
export function run( command, args, options = {} ) {
	return new Promise( ( resolve, reject ) => {
		const child = spawn( command, args, { stdio: 'inherit', ...options } );
		child.on( 'error', reject );
		child.on( 'close', ( code, signal ) =>
			resolve( code ?? ( signal ? 128 : 1 ) )
		);
	} );
}

/** Runs a command and throws unless it succeeds. */
export async function mustRun( command, args, options = {} ) {
	const code = await run( command, args, options );
	if ( code !== 0 ) {
		throw new Error(
			`${ command } ${ args.join( ' ' ) } exited with ${ code }`
		);
	}
}

/** Runs a command quietly and returns its trimmed stdout, throwing with its stderr on failure. */
export function capture( command, args, options = {} ) {
	const result = spawnSync( command, args, { encoding: 'utf8', ...options } );
	if ( result.status !== 0 ) {
		throw new Error(
			`${ command } ${ args.join( ' ' ) } failed: ${ result.stderr || result.stdout }`
		);
	}
	return result.stdout.trim();
}

export function commandExists( command ) {
	return (
		spawnSync( 'sh', [ '-c', `command -v ${ command }` ], {
			stdio: 'ignore',
		} ).status === 0
	);
}

/** Starts a long-running process in its own process group, output to a log file; returns its pid. */
export function startDetached( command, args, { logFile, env, cwd } ) {
	const out = fs.openSync( logFile, 'a' );
	const child = spawn( command, args, {
		detached: true,
		stdio: [ 'ignore', out, out ],
		env: { ...process.env, ...env },
		cwd,
	} );
	child.unref();
	fs.closeSync( out );
	return child.pid;
}

export function isAlive( pid ) {
	if ( ! pid ) {
		return false;
	}
	try {
		process.kill( pid, 0 );
		return true;
	} catch {
		return false;
	}
}

/** Stops a process group started by startDetached: TERM first, KILL if it lingers. */
export async function stopGroup( pid, graceMs = 5000 ) {
	if ( ! isAlive( pid ) ) {
		return;
	}
	const signalGroup = ( signal ) => {
		try {
			process.kill( -pid, signal );
		} catch {
			try {
				process.kill( pid, signal );
			} catch {}
		}
	};
	signalGroup( 'SIGTERM' );
	const deadline = Date.now() + graceMs;
	while ( isAlive( pid ) && Date.now() < deadline ) {
		await sleep( 100 );
	}
	if ( isAlive( pid ) ) {
		signalGroup( 'SIGKILL' );
	}
}

export function sleep( ms ) {
	return new Promise( ( resolve ) => setTimeout( resolve, ms ) );
}

/** Waits until something answers on a TCP port. */
export async function waitForPort(
	port,
	timeoutMs = 30000,
	host = '127.0.0.1'
) {
	const deadline = Date.now() + timeoutMs;
	while ( Date.now() < deadline ) {
		const open = await new Promise( ( resolve ) => {
			const socket = net.connect( port, host );
			socket.once( 'connect', () => {
				socket.destroy();
				resolve( true );
			} );
			socket.once( 'error', () => resolve( false ) );
		} );
		if ( open ) {
			return;
		}
		await sleep( 100 );
	}
	throw new Error(
		`nothing answered on ${ host }:${ port } within ${ timeoutMs } ms`
	);
}

/** True when a TCP port is free to bind on loopback. */
export function portIsFree( port, host = '127.0.0.1' ) {
	return new Promise( ( resolve ) => {
		const server = net.createServer();
		server.once( 'error', () => resolve( false ) );
		server.listen( port, host, () =>
			server.close( () => resolve( true ) )
		);
	} );
}
