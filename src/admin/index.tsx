/**
 * Admin entry: mounts the screen named by the root's data-screen (jobs, settings) into #iacp-admin-root.
 */
import domReady from '@wordpress/dom-ready';
import { createRoot } from '@wordpress/element';
import { IacpQueryProvider } from '../hooks/queryClient';
import { JobsScreen } from './jobs/JobsScreen';
import { SettingsScreen } from './settings/SettingsScreen';
import './admin.scss';

function AdminApp( { screen }: { screen: string } ) {
	return (
		<IacpQueryProvider>
			{ screen === 'settings' ? <SettingsScreen /> : <JobsScreen /> }
		</IacpQueryProvider>
	);
}

domReady( () => {
	const container = document.getElementById( 'iacp-admin-root' );
	if ( ! container ) {
		return;
	}
	createRoot( container ).render(
		<AdminApp screen={ container.dataset.screen ?? 'jobs' } />
	);
	container.dataset.iacpReady = 'true';
} );
