/**
 * Admin entry: mounts the plugin's admin screens into their root element.
 */
import domReady from '@wordpress/dom-ready';
import { createRoot } from '@wordpress/element';
import { __ } from '@wordpress/i18n';

function AdminApp() {
	return (
		<p className="iacp-admin-loading">
			{ __( 'AI Jobs is ready.', 'iacp' ) }
		</p>
	);
}

domReady( () => {
	const container = document.getElementById( 'iacp-admin-root' );
	if ( ! container ) {
		return;
	}
	createRoot( container ).render( <AdminApp /> );
	container.dataset.iacpReady = 'true';
} );
