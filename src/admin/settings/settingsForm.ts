/**
 * The settings form's model: a draft of the editable fields, and the write-only API key, which is never read
 * back, never prefilled, and only sent when the user typed a new one or asked to remove it.
 */
import { __ } from '@wordpress/i18n';
import type { Settings, SettingsFacts, SettingsUpdate } from '../../api/types';

export type EditableSettings = Omit< Settings, SettingsFacts >;

const FACTS: SettingsFacts[] = [
	'api_key_set',
	'api_key_source',
	'ai_client',
	'provider_source_in_force',
	'connector_models',
	'connector_base_url_source',
];

export type ApiKeyIntent =
	| { action: 'keep' }
	| { action: 'replace'; value: string }
	| { action: 'remove' };

/** The editable fields only: whatever else the server sends (and any stray key field) stays out of the form. */
export function draftFromSettings( settings: Settings ): EditableSettings {
	const draft: Record< string, unknown > = { ...settings };
	FACTS.forEach( ( fact ) => delete draft[ fact ] );
	delete draft.api_key;
	return draft as EditableSettings;
}

/** The fields that changed, plus the key only when the user means to change it. */
export function buildSettingsUpdate(
	saved: EditableSettings,
	draft: EditableSettings,
	apiKey: ApiKeyIntent
): SettingsUpdate {
	const update: Record< string, unknown > = {};
	( Object.keys( draft ) as Array< keyof EditableSettings > ).forEach(
		( key ) => {
			if (
				JSON.stringify( draft[ key ] ) !==
				JSON.stringify( saved[ key ] )
			) {
				update[ key ] = draft[ key ];
			}
		}
	);
	if ( apiKey.action === 'replace' && apiKey.value.trim() !== '' ) {
		update.api_key = apiKey.value.trim();
	}
	if ( apiKey.action === 'remove' ) {
		update.api_key = '';
	}
	return update as SettingsUpdate;
}

/** What the form says about the key: never the key itself. */
export function apiKeyStatusText(
	settings: Pick< Settings, 'api_key_set' | 'api_key_source' >
): string {
	switch ( settings.api_key_source ) {
		case 'constant':
			return __(
				'Set by the IACP_API_KEY constant — edit wp-config.php to change it.',
				'iacp'
			);
		case 'environment':
			return __(
				'Set by the IACP_API_KEY environment variable — change it in the server’s environment.',
				'iacp'
			);
		case 'stored':
			return __( 'A key is set.', 'iacp' );
		default:
			return settings.api_key_set
				? __( 'A key is set.', 'iacp' )
				: __( 'No key.', 'iacp' );
	}
}

/** A key from wp-config.php or the environment cannot be changed here. */
export function canEditApiKey(
	settings: Pick< Settings, 'api_key_source' >
): boolean {
	return (
		settings.api_key_source !== 'constant' &&
		settings.api_key_source !== 'environment'
	);
}

/** Changes one field of the draft: what every settings group is handed. */
export type SetSetting = < K extends keyof EditableSettings >(
	key: K,
	value: EditableSettings[ K ]
) => void;
