/**
 * The "job finished" snackbar names what is ready and for which post.
 */
import type { Job } from '@iacp/api/types';
import { finishedSnackbar } from '@iacp/editor/finishedSnackbar';

function job( patch: Partial< Job > ): Job {
	return {
		id: 'j',
		type: 'text',
		status: 'completed',
		input: { mode: 'summarize', text: 'Tea.' },
		...patch,
	} as Job;
}

describe( 'finishedSnackbar', () => {
	it( 'names what is ready and the post', () => {
		expect( finishedSnackbar( job( {} ), 'Green tea at home' ) ).toBe(
			'Summary ready for ‘Green tea at home’'
		);
		expect(
			finishedSnackbar(
				job( { type: 'image', input: { prompt: 'x', count: 2 } } ),
				'Kites'
			)
		).toBe( 'Images ready for ‘Kites’' );
		expect(
			finishedSnackbar(
				job( { type: 'post_field', input: { field: 'excerpt' } } ),
				'Kites'
			)
		).toBe( 'New excerpt ready for ‘Kites’' );
	} );

	it( 'says which job did not finish, and copes with an untitled post', () => {
		expect(
			finishedSnackbar(
				job( { status: 'failed', input: { mode: 'translate' } } ),
				'Kites'
			)
		).toBe( 'Translation for ‘Kites’ did not finish' );
		expect( finishedSnackbar( job( {} ), '  ' ) ).toBe( 'Summary ready' );
	} );
} );
