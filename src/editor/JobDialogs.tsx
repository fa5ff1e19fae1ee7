/**
 * Renders whichever AI dialog the store says is open.
 */
import { useSelect } from '@wordpress/data';
import { ImageJobDialog } from './image/ImageJobDialog';
import { store } from './store';
import { TextJobDialog } from './text/TextJobDialog';

export function JobDialogs() {
	const dialog = useSelect( ( select ) => select( store ).getDialog(), [] );
	if ( ! dialog ) {
		return null;
	}
	if ( dialog.kind === 'image' ) {
		return (
			<ImageJobDialog
				key={ dialog.clientId }
				clientId={ dialog.clientId }
				jobId={ dialog.jobId }
			/>
		);
	}
	return (
		<TextJobDialog
			key={ `${ dialog.clientId ?? 'post' }:${ dialog.mode }` }
			mode={ dialog.mode }
			clientId={ dialog.clientId }
			jobId={ dialog.jobId }
		/>
	);
}
