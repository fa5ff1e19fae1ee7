/**
 * Editor-side UI state (which AI dialog is open, which job each block last ran, which dialog each job came from so
 * the sidebar can reopen it, which jobs are on screen — those get no "finished" snackbar).
 * Job data itself lives in the TanStack Query cache, never here.
 */
import { createReduxStore, register } from '@wordpress/data';
import type { TextMode } from '../api/types';

export type AiDialog =
	| {
			kind: 'text';
			mode: TextMode;
			/** The block the action works on, or null to insert at the end of the post. */
			clientId: string | null;
			jobId: string | null;
	  }
	| { kind: 'image'; clientId: string; jobId: string | null };

interface State {
	dialog: AiDialog | null;
	blockJobs: Record< string, string >;
	/** The dialog each job was started from (its block and action): reopened from the sidebar as it was. */
	jobDialogs: Record< string, AiDialog >;
	/** Jobs some component shows right now, with how many components show them. */
	onScreen: Record< string, number >;
}

const initialState: State = {
	dialog: null,
	blockJobs: {},
	jobDialogs: {},
	onScreen: {},
};

type Action =
	| { type: 'IACP_OPEN_DIALOG'; dialog: AiDialog }
	| { type: 'IACP_CLOSE_DIALOG' }
	| { type: 'IACP_SET_DIALOG_JOB'; jobId: string }
	| { type: 'IACP_JOB_ON_SCREEN'; jobId: string; delta: 1 | -1 };

const actions = {
	openDialog: ( dialog: AiDialog ): Action => ( {
		type: 'IACP_OPEN_DIALOG',
		dialog,
	} ),
	closeDialog: (): Action => ( { type: 'IACP_CLOSE_DIALOG' } ),
	setDialogJob: ( jobId: string ): Action => ( {
		type: 'IACP_SET_DIALOG_JOB',
		jobId,
	} ),
	showingJob: ( jobId: string ): Action => ( {
		type: 'IACP_JOB_ON_SCREEN',
		jobId,
		delta: 1,
	} ),
	stopShowingJob: ( jobId: string ): Action => ( {
		type: 'IACP_JOB_ON_SCREEN',
		jobId,
		delta: -1,
	} ),
};

function reducer( state: State = initialState, action: Action ): State {
	switch ( action.type ) {
		case 'IACP_OPEN_DIALOG':
			return { ...state, dialog: action.dialog };
		case 'IACP_CLOSE_DIALOG':
			return { ...state, dialog: null };
		case 'IACP_SET_DIALOG_JOB': {
			if ( ! state.dialog ) {
				return state;
			}
			const dialog = { ...state.dialog, jobId: action.jobId };
			const blockJobs = dialog.clientId
				? { ...state.blockJobs, [ dialog.clientId ]: action.jobId }
				: state.blockJobs;
			const jobDialogs = {
				...state.jobDialogs,
				[ action.jobId ]: dialog,
			};
			return { ...state, dialog, blockJobs, jobDialogs };
		}
		case 'IACP_JOB_ON_SCREEN': {
			const count =
				( state.onScreen[ action.jobId ] ?? 0 ) + action.delta;
			const onScreen = { ...state.onScreen };
			if ( count > 0 ) {
				onScreen[ action.jobId ] = count;
			} else {
				delete onScreen[ action.jobId ];
			}
			return { ...state, onScreen };
		}
		default:
			return state;
	}
}

const selectors = {
	getDialog: ( state: State ): AiDialog | null => state.dialog,
	getBlockJob: ( state: State, clientId: string ): string | null =>
		state.blockJobs[ clientId ] ?? null,
	getJobDialog: ( state: State, jobId: string ): AiDialog | null =>
		state.jobDialogs[ jobId ] ?? null,
	isJobOnScreen: ( state: State, jobId: string ): boolean =>
		( state.onScreen[ jobId ] ?? 0 ) > 0,
};

export const STORE_NAME = 'iacp/editor';

export const store = createReduxStore( STORE_NAME, {
	reducer,
	actions,
	selectors,
} );

register( store );
