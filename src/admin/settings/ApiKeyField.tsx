/**
 * The write-only API key: never shown, typed only to replace it, and removable when it is stored in the database
 * (not when wp-config.php or the environment sets it).
 */
import { Button, TextControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { Settings } from '../../api/types';
import {
	apiKeyStatusText,
	canEditApiKey,
	type ApiKeyIntent,
} from './settingsForm';

export function ApiKeyField( {
	settings,
	intent,
	onChange,
}: {
	settings: Settings;
	intent: ApiKeyIntent;
	onChange: ( intent: ApiKeyIntent ) => void;
} ) {
	const editable = canEditApiKey( settings );
	return (
		<div className="iacp-settings__key">
			<TextControl
				label={ __( 'API key', 'iacp' ) }
				help={ apiKeyStatusText( settings ) }
				type="password"
				autoComplete="new-password"
				value={ intent.action === 'replace' ? intent.value : '' }
				disabled={ ! editable }
				placeholder={
					settings.api_key_set
						? __( 'Type a new key to replace it', 'iacp' )
						: ''
				}
				onChange={ ( value ) =>
					onChange(
						value === ''
							? { action: 'keep' }
							: { action: 'replace', value }
					)
				}
				__nextHasNoMarginBottom
			/>
			{ editable && settings.api_key_source === 'stored' && (
				<Button
					variant="link"
					isDestructive
					onClick={ () => onChange( { action: 'remove' } ) }
				>
					{ __( 'Remove the stored key when saving', 'iacp' ) }
				</Button>
			) }
			{ intent.action === 'remove' && (
				<p>
					{ __(
						'The stored key will be removed when you save.',
						'iacp'
					) }
				</p>
			) }
		</div>
	);
}
