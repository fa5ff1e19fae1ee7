/**
 * CLI: `tsx tools/ai-server/main.ts [--port 8181] [--host 127.0.0.1] [--latency MS]`.
 * Env: IACP_AI_PORT, IACP_AI_HOST. Stops cleanly on SIGINT / SIGTERM.
 */
import { startAiServer } from './server';

function argValue( args: readonly string[], name: string ): string | undefined {
	for ( let i = 0; i < args.length; i++ ) {
		const arg = args[ i ] ?? '';
		if ( arg === `--${ name }` ) {
			return args[ i + 1 ];
		}
		if ( arg.startsWith( `--${ name }=` ) ) {
			return arg.slice( name.length + 3 );
		}
	}
	return undefined;
}

function toInt( value: string | undefined, label: string ): number | undefined {
	if ( value === undefined || value === '' ) {
		return undefined;
	}
	if ( ! /^\d+$/.test( value ) ) {
		throw new Error( `Invalid ${ label }: ${ value }` );
	}
	return Number.parseInt( value, 10 );
}

async function main(): Promise< void > {
	const args = process.argv.slice( 2 );
	const port =
		toInt( argValue( args, 'port' ) ?? process.env.IACP_AI_PORT, 'port' ) ??
		8181;
	const host =
		argValue( args, 'host' ) ?? process.env.IACP_AI_HOST ?? '127.0.0.1';
	const latencyMs = toInt( argValue( args, 'latency' ), 'latency' );
	const server = await startAiServer( { port, host, latencyMs } );
	process.stdout.write(
		`IACP test AI server listening on ${ server.url }/v1\n`
	);

	let stopping = false;
	const stop = (): void => {
		if ( stopping ) {
			return;
		}
		stopping = true;
		server.close().then(
			() => process.exit( 0 ),
			() => process.exit( 1 )
		);
	};
	process.on( 'SIGINT', stop );
	process.on( 'SIGTERM', stop );
}

main().catch( ( err: unknown ) => {
	process.stderr.write(
		`IACP test AI server failed to start: ${ err instanceof Error ? err.message : String( err ) }\n`
	);
	process.exit( 1 );
} );
