/**
 * ESLint: the WordPress recommended rules (with Prettier formatting) for the TypeScript front end, the tests and
 * the Node scripts.
 */
const wpPlugin = require( '@wordpress/eslint-plugin' );
const base = require( '@wordpress/scripts/config/eslint.config.cjs' );

module.exports = [
	{
		ignores: [
			'build/**',
			'node_modules/**',
			'vendor/**',
			'tools/wp-cli/**',
			'.iacp-env/**',
			'artifacts/**',
			'dist/**',
		],
	},
	...base,
	...wpPlugin.configs[ 'test-unit' ].map( ( config ) => ( {
		...config,
		files: [ 'tests/js/**/*.{ts,tsx,js}' ],
	} ) ),
	...wpPlugin.configs[ 'test-playwright' ].map( ( config ) => ( {
		...config,
		files: [ 'tests/e2e/**/*.{ts,js}' ],
	} ) ),
	{
		// Node scripts and the test server run in Node, not a browser; they print to the console on purpose.
		files: [
			'bin/**/*.mjs',
			'tools/**/*.ts',
			'tests/start/**/*.mjs',
			'tests/e2e/**/*.ts',
			'*.cjs',
			'tests/js/jest.config.js',
		],
		languageOptions: {
			globals: {
				process: 'readonly',
				console: 'readonly',
				Buffer: 'readonly',
				__dirname: 'readonly',
				require: 'readonly',
				module: 'writable',
			},
		},
		rules: {
			'no-console': 'off',
			'import/no-extraneous-dependencies': 'off',
		},
	},
	{
		// One-line comments say why; types live in TypeScript, not in JSDoc tags.
		rules: {
			'jsdoc/require-param': 'off',
			'jsdoc/require-returns': 'off',
			'jsdoc/require-param-type': 'off',
			'jsdoc/check-tag-names': [
				'error',
				{ definedTags: [ 'jest-environment' ] },
			],
		},
	},
	{
		files: [ '**/*.{ts,tsx}' ],
		rules: { '@typescript-eslint/no-explicit-any': 'error' },
	},
];
