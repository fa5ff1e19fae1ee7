/**
 * The editor store remembers which dialog each job came from, so the AI jobs sidebar can reopen a closed or
 * minimised dialog on its own block and action.
 */
import { dispatch, select } from '@wordpress/data';
import { store } from '@iacp/editor/store';

test( 'a job keeps the dialog it was started from after the dialog closes', () => {
	dispatch( store ).openDialog( {
		kind: 'text',
		mode: 'shorten',
		clientId: 'block-1',
		jobId: null,
	} );
	dispatch( store ).setDialogJob( 'job-1' );
	dispatch( store ).closeDialog();

	expect( select( store ).getDialog() ).toBeNull();
	expect( select( store ).getJobDialog( 'job-1' ) ).toEqual( {
		kind: 'text',
		mode: 'shorten',
		clientId: 'block-1',
		jobId: 'job-1',
	} );
	expect( select( store ).getBlockJob( 'block-1' ) ).toBe( 'job-1' );
	expect( select( store ).getJobDialog( 'job-unknown' ) ).toBeNull();
} );

test( 'an image job keeps its image block', () => {
	dispatch( store ).openDialog( {
		kind: 'image',
		clientId: 'image-block',
		jobId: null,
	} );
	dispatch( store ).setDialogJob( 'job-2' );
	dispatch( store ).closeDialog();

	expect( select( store ).getJobDialog( 'job-2' ) ).toEqual( {
		kind: 'image',
		clientId: 'image-block',
		jobId: 'job-2',
	} );
} );
