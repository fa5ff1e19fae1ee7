/**
 * Jest for the TypeScript sources and the local AI test server, run by `wp-scripts test-unit-js`.
 */
const path = require( 'path' );
const defaults = require( '@wordpress/scripts/config/jest-unit.config.js' );

module.exports = {
	...defaults,
	rootDir: path.resolve( __dirname, '../..' ),
	testMatch: [ '<rootDir>/tests/js/**/*.test.[jt]s?(x)' ],
	// ESM-only dependencies (some ship only .mjs) must go through babel as well.
	transform: {
		...defaults.transform,
		'\\.mjs$':
			require.resolve( '@wordpress/scripts/config/babel-transform' ),
	},
	transformIgnorePatterns: [
		'/node_modules/(?!(@wordpress|@tanstack|uuid|openai)/)',
	],
	moduleNameMapper: {
		...( defaults.moduleNameMapper || {} ),
		'^@iacp/(.*)$': '<rootDir>/src/$1',
	},
	modulePathIgnorePatterns: [
		'<rootDir>/.iacp-env/',
		'<rootDir>/artifacts/',
	],
	cacheDirectory: '<rootDir>/artifacts/jest-cache',
};
