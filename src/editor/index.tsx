/**
 * Block-editor entry: registers the IACP editor plugin.
 */
import { registerPlugin } from '@wordpress/plugins';

export const EDITOR_PLUGIN_NAME = 'iacp-editor';

registerPlugin( EDITOR_PLUGIN_NAME, {
	render: () => null,
} );
