// Stops and starts the MariaDB server of one test site — the one whose env.json is given, and only if its datadir
// lies under this checkout's .iacp-env/ — for tests that restart the database under running workers.
//
//   node tests/support/mariadb-control.mjs stop|start <env.json>
//   node tests/support/mariadb-control.mjs restart <env.json> [--after=<s>] [--down=<s>]
import fs from 'node:fs';
import path from 'node:path';
import {
	mariadbPaths,
	startMariadb,
	stopMariadb,
} from '../../bin/lib/mariadb.mjs';
import { ENV_DIR } from '../../bin/lib/paths.mjs';
import { sleep } from '../../bin/lib/process.mjs';

const [ action, file, ...flags ] = process.argv.slice( 2 );
const option = ( name, fallback ) => {
	const flag = flags.find( ( arg ) => arg.startsWith( `--${ name }=` ) );
	return flag ? Number( flag.split( '=' )[ 1 ] ) : fallback;
};

const env = JSON.parse( fs.readFileSync( file, 'utf8' ) );
const dir = path.dirname( env.db?.socket ?? '' );
if ( env.db?.engine !== 'mariadb' || ! dir.startsWith( ENV_DIR + path.sep ) ) {
	process.stderr.write(
		`not a MariaDB test site of this checkout: ${ file }\n`
	);
	process.exit( 2 );
}
const db = mariadbPaths( dir, env.db.port );

if ( action === 'stop' || action === 'restart' ) {
	await sleep( option( 'after', 0 ) * 1000 );
	await stopMariadb( db );
	process.stdout.write( `stopped ${ Date.now() / 1000 }\n` );
}
if ( action === 'restart' ) {
	await sleep( option( 'down', 0 ) * 1000 );
}
if ( action === 'start' || action === 'restart' ) {
	await startMariadb( db );
	process.stdout.write( `started ${ Date.now() / 1000 }\n` );
}
