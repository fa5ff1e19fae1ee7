/**
 * Block-editor entry: registers the IACP editor plugin (AI jobs sidebar, AI document panel, dialogs, finish
 * notices) and the AI block toolbar controls.
 */
import { registerPlugin } from '@wordpress/plugins';
import { IacpQueryProvider } from '../hooks/queryClient';
import { registerBlockControls } from './blockControls';
import { editorCapabilities } from './capabilities';
import { JobDialogs } from './JobDialogs';
import { JobNotifier } from './JobNotifier';
import { PostFieldPanel } from './post-field/PostFieldPanel';
import { JobsSidebar } from './sidebar/JobsSidebar';
import './store';
import './editor.scss';

export const EDITOR_PLUGIN_NAME = 'iacp-editor';

function EditorPlugin() {
	const { canGenerateText, canGenerateImages } = editorCapabilities();
	// Users who may not start AI jobs get no AI UI and no requests to the AI endpoints.
	if ( ! canGenerateText && ! canGenerateImages ) {
		return null;
	}
	return (
		<IacpQueryProvider>
			<JobsSidebar />
			<PostFieldPanel />
			<JobDialogs />
			<JobNotifier />
		</IacpQueryProvider>
	);
}

registerPlugin( EDITOR_PLUGIN_NAME, {
	render: EditorPlugin,
} );

registerBlockControls();
