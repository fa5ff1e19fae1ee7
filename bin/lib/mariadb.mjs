// A private MariaDB server per environment: its own datadir, socket and port, started without systemd. It runs as
// the invoking user (root included), never as `mysql`: a checkout in a folder other users cannot traverse (a 0700
// home or mktemp -d) would otherwise leave the server unable to reach its own datadir.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import {
	capture,
	isAlive,
	log,
	sleep,
	startDetached,
	stopGroup,
} from './process.mjs';

export const DB_USER = 'iacp';
export const DB_PASSWORD = 'iacp';
/** The OS user the server runs as; its database account of the same name logs in over the socket. */
const SERVER_USER = os.userInfo().username;

export function mariadbPaths( dir, port ) {
	return {
		datadir: path.join( dir, 'mysql' ),
		socket: path.join( dir, 'mysql.sock' ),
		pidFile: path.join( dir, 'mysql.pid' ),
		logFile: path.join( dir, 'mysql.log' ),
		port,
	};
}

function ping( socket ) {
	return (
		spawnSync(
			'mariadb-admin',
			[ `--socket=${ socket }`, `--user=${ SERVER_USER }`, 'ping' ],
			{ stdio: 'ignore' }
		).status === 0
	);
}

/** Starts the server unless it already runs; creates the datadir the first time. */
export async function startMariadb( db ) {
	if ( ping( db.socket ) ) {
		return;
	}
	if ( ! fs.existsSync( path.join( db.datadir, 'mysql' ) ) ) {
		log( 'initialising a private MariaDB datadir …' );
		fs.mkdirSync( db.datadir, { recursive: true } );
		capture( 'mariadb-install-db', [
			`--user=${ SERVER_USER }`,
			`--datadir=${ db.datadir }`,
			'--auth-root-authentication-method=socket',
			`--auth-root-socket-user=${ SERVER_USER }`,
			'--skip-test-db',
		] );
	}
	const pid = startDetached(
		'/usr/sbin/mariadbd',
		[
			'--no-defaults',
			`--user=${ SERVER_USER }`,
			`--datadir=${ db.datadir }`,
			`--socket=${ db.socket }`,
			`--port=${ db.port }`,
			'--bind-address=127.0.0.1',
			'--skip-name-resolve',
			`--pid-file=${ db.pidFile }`,
			'--innodb-buffer-pool-size=256M',
			'--innodb-flush-log-at-trx-commit=2',
			'--max-connections=300',
			`--log-error=${ db.logFile }`,
		],
		{ logFile: db.logFile }
	);
	const deadline = Date.now() + 30000;
	while ( ! ping( db.socket ) ) {
		if ( Date.now() > deadline || ! isAlive( pid ) ) {
			throw new Error( `MariaDB did not start; see ${ db.logFile }` );
		}
		await sleep( 100 );
	}
}

/** Runs SQL as the server's superuser over the socket. */
export function mariadbSql( db, sql ) {
	return capture( 'mariadb', [
		`--socket=${ db.socket }`,
		`--user=${ SERVER_USER }`,
		'--batch',
		'--skip-column-names',
		'-e',
		sql,
	] );
}

export function createDatabase( db, name, { empty = false } = {} ) {
	mariadbSql(
		db,
		[
			empty ? `DROP DATABASE IF EXISTS \`${ name }\`;` : '',
			`CREATE DATABASE IF NOT EXISTS \`${ name }\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;`,
			`CREATE USER IF NOT EXISTS '${ DB_USER }'@'localhost' IDENTIFIED BY '${ DB_PASSWORD }';`,
			`CREATE USER IF NOT EXISTS '${ DB_USER }'@'127.0.0.1' IDENTIFIED BY '${ DB_PASSWORD }';`,
			`GRANT ALL ON *.* TO '${ DB_USER }'@'localhost';`,
			`GRANT ALL ON *.* TO '${ DB_USER }'@'127.0.0.1';`,
		].join( ' ' )
	);
}

export async function stopMariadb( db ) {
	if ( ! ping( db.socket ) ) {
		return;
	}
	spawnSync(
		'mariadb-admin',
		[ `--socket=${ db.socket }`, `--user=${ SERVER_USER }`, 'shutdown' ],
		{ stdio: 'ignore' }
	);
	const pid = fs.existsSync( db.pidFile )
		? Number( fs.readFileSync( db.pidFile, 'utf8' ) )
		: 0;
	const deadline = Date.now() + 15000;
	while ( ( ping( db.socket ) || isAlive( pid ) ) && Date.now() < deadline ) {
		await sleep( 100 );
	}
	await stopGroup( pid, 1000 );
}
