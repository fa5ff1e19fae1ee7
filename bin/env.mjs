#!/usr/bin/env node
// `npm run env:start` / `npm run env:stop`: a MariaDB-backed WordPress with the plugin active, left running.
import {
	ensureBuild,
	ensureComposer,
	ensureNpm,
	ensureSystemPackages,
	ensureWpCli,
} from './lib/deps.mjs';
import { envFile, startSite, stopSite } from './lib/site.mjs';
import { log } from './lib/process.mjs';

const [ action = 'start', name = 'dev' ] = process.argv.slice( 2 );

try {
	if ( action === 'start' ) {
		await ensureSystemPackages();
		await ensureNpm();
		await ensureComposer();
		await ensureWpCli();
		await ensureBuild();
		const env = await startSite( name );
		log(
			`WordPress ${ env.wp_version } is running at ${ env.url }/wp-admin/ (user ${ env.admin.user }, password ${ env.admin.password })`
		);
		log(
			`environment written to ${ envFile( name ) }; stop it with: npm run env:stop`
		);
	} else if ( action === 'stop' ) {
		await stopSite( name );
		log( `stopped environment "${ name }"` );
	} else {
		throw new Error( `unknown action "${ action }": use start or stop` );
	}
} catch ( error ) {
	process.stderr.write( `[iacp] ${ error.message }\n` );
	process.exit( 1 );
}
