/**
 * The one job-actions component every job screen uses: which buttons a job's state offers, their labels, and
 * that a busy action cannot be sent twice. Rendered with react-dom in jsdom.
 */
import { act } from 'react';
import { ApiError } from '@iacp/api/errors';
import type { Job } from '@iacp/api/types';
import { JobActions } from '@iacp/components/JobActions';
import type { JobActionHandlers } from '@iacp/hooks/useJobActions';
import { jobView } from '@iacp/jobs/jobView';
import { reactRootPerTest } from './react-root';

const mounted = reactRootPerTest();

function handlers( overrides: Partial< JobActionHandlers > = {} ) {
	return {
		retry: jest.fn(),
		cancel: jest.fn(),
		remove: jest.fn(),
		retrying: false,
		cancelling: false,
		removing: false,
		error: null,
		...overrides,
	};
}

function render(
	status: Job[ 'status' ],
	actions: JobActionHandlers,
	withDelete = false
) {
	const view = jobView( { status, cancel_requested: false } as Job, 0 );
	act( () =>
		mounted.root.render(
			<JobActions
				view={ view }
				actions={ actions }
				withDelete={ withDelete }
			>
				<button type="button">Insert</button>
			</JobActions>
		)
	);
	return [ ...mounted.container.querySelectorAll( 'button' ) ];
}

const labels = ( buttons: HTMLButtonElement[] ) =>
	buttons.map( ( button ) => button.textContent );

it( 'offers Cancel job while a job moves, after the screen’s own actions', () => {
	expect( labels( render( 'processing', handlers() ) ) ).toEqual( [
		'Insert',
		'Cancel job',
	] );
} );

it( 'offers Retry for a failed job, and Delete job only where the screen allows it', () => {
	const actions = handlers();
	expect( labels( render( 'failed', actions ) ) ).toEqual( [
		'Insert',
		'Retry',
	] );
	const buttons = render( 'failed', actions, true );
	expect( labels( buttons ) ).toEqual( [ 'Insert', 'Retry', 'Delete job' ] );
	act( () => buttons[ 1 ]?.click() );
	act( () => buttons[ 2 ]?.click() );
	expect( actions.retry ).toHaveBeenCalledTimes( 1 );
	expect( actions.remove ).toHaveBeenCalledTimes( 1 );
} );

it( 'shows a busy action as busy and does not send it twice', () => {
	const actions = handlers( { cancelling: true } );
	const [ , cancel ] = render( 'pending', actions );
	expect( cancel?.getAttribute( 'aria-disabled' ) ).toBe( 'true' );
	expect( cancel?.className ).toContain( 'is-busy' );
	act( () => cancel?.click() );
	expect( actions.cancel ).not.toHaveBeenCalled();
} );

it( 'says why the last action was refused', () => {
	const error = new ApiError( 'The job has already finished.', {
		code: 'iacp_job_finished',
		status: 409,
	} );
	render( 'processing', handlers( { error } ) );
	expect( mounted.container.textContent ).toContain(
		'The job has already finished.'
	);
} );
