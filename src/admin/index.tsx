/**
 * Admin entry: mounts the screen named by the root's data-screen (jobs, settings, batches) into #iacp-admin-root,
 * and the AI Batches screen into #iacp-batches-root.
 */
import domReady from '@wordpress/dom-ready';
import { createRoot } from '@wordpress/element';
import { IacpQueryProvider } from '../hooks/queryClient';
import { BatchesScreen } from './batches/BatchesScreen';
import { JobsScreen } from './jobs/JobsScreen';
import { SettingsScreen } from './settings/SettingsScreen';
import './admin.scss';

function AdminApp( { screen }: { screen: string } ) {
	return (
		<IacpQueryProvider>
			{ screen === 'settings' && <SettingsScreen /> }
			{ screen === 'batches' && <BatchesScreen /> }
			{ screen !== 'settings' && screen !== 'batches' && <JobsScreen /> }
		</IacpQueryProvider>
	);
}

domReady( () => {
	const batches = document.getElementById( 'iacp-batches-root' );
	const container = batches ?? document.getElementById( 'iacp-admin-root' );
	if ( ! container ) {
		return;
	}
	const screen = batches ? 'batches' : ( container.dataset.screen ?? 'jobs' );
	createRoot( container ).render( <AdminApp screen={ screen } /> );
	container.dataset.iacpReady = 'true';
} );
