/**
 * Settings → AI Content Pipeline: loads the settings, then shows the form (provider source, provider, timeouts,
 * retries, retention, limits and daily token budgets per role).
 */
import { Notice, Spinner } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import { errorMessage } from '../../api/errors';
import { useSettings } from '../../hooks/useSettings';
import { SettingsForm } from './SettingsForm';

export function SettingsScreen() {
	const { data, isLoading, error } = useSettings();
	if ( isLoading ) {
		return <Spinner />;
	}
	if ( error || ! data ) {
		return (
			<Notice status="error" isDismissible={ false }>
				{ error
					? errorMessage( error )
					: __( 'The settings could not be loaded.', 'iacp' ) }
			</Notice>
		);
	}
	return <SettingsForm settings={ data } />;
}
