/**
 * WordPress 7.0+: where jobs get their AI — the site's AI connectors (Settings → Connectors) or the OpenAI-compatible
 * endpoint below — which connector model serves text and which images, and the base URL of the plugin's own
 * "OpenAI-compatible endpoint" connector. Not shown before 7.0, where the endpoint is the only source.
 */
import {
	RadioControl,
	SelectControl,
	TextControl,
} from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type {
	ConnectorModel,
	ProviderSourceName,
	Settings,
} from '../../api/types';
import { SettingsGroup } from './SettingsGroup';
import type { EditableSettings, SetSetting } from './settingsForm';

interface Props {
	settings: Settings;
	draft: EditableSettings;
	set: SetSetting;
}

/** One connector model picker: "Let WordPress choose" or a model a configured connector offers. */
function ConnectorModelSelect( {
	label,
	field,
	models,
	draft,
	set,
}: Pick< Props, 'draft' | 'set' > & {
	label: string;
	field: 'connector_text_model' | 'connector_image_model';
	models: ConnectorModel[] | undefined;
} ) {
	return (
		<SelectControl
			label={ label }
			value={ draft[ field ] }
			options={ [
				{ value: '', label: __( 'Let WordPress choose', 'iacp' ) },
				...( models ?? [] ),
			] }
			onChange={ ( value ) => set( field, value ) }
			__nextHasNoMarginBottom
		/>
	);
}

export function ProviderSourceGroup( { settings, draft, set }: Props ) {
	const source: ProviderSourceName =
		draft.provider_source ||
		settings.provider_source_in_force ||
		'endpoint';
	const urlFixed =
		settings.connector_base_url_source === 'env' ||
		settings.connector_base_url_source === 'constant';
	return (
		<SettingsGroup
			title={ __( 'Provider source', 'iacp' ) }
			description={ __(
				'Where jobs get their AI: the connectors of Settings → Connectors, or the endpoint below.',
				'iacp'
			) }
		>
			<div className="iacp-settings__wide">
				<RadioControl
					label={ __( 'Jobs get their AI from', 'iacp' ) }
					selected={ source }
					options={ [
						{
							value: 'connectors',
							label: __( 'WordPress AI connectors', 'iacp' ),
						},
						{
							value: 'endpoint',
							label: __( 'OpenAI-compatible endpoint', 'iacp' ),
						},
					] }
					onChange={ ( value ) =>
						set( 'provider_source', value as ProviderSourceName )
					}
				/>
			</div>
			{ source === 'connectors' && (
				<>
					<ConnectorModelSelect
						label={ __( 'Text from', 'iacp' ) }
						field="connector_text_model"
						models={ settings.connector_models?.text }
						draft={ draft }
						set={ set }
					/>
					<ConnectorModelSelect
						label={ __( 'Images from', 'iacp' ) }
						field="connector_image_model"
						models={ settings.connector_models?.image }
						draft={ draft }
						set={ set }
					/>
				</>
			) }
			<TextControl
				label={ __(
					'Base URL of the “OpenAI-compatible endpoint” connector',
					'iacp'
				) }
				help={
					urlFixed
						? __(
								'Set by IACP_OPENAI_COMPATIBLE_BASE_URL in the site’s configuration.',
								'iacp'
							)
						: __(
								'Any OpenAI-compatible API (Ollama, LM Studio, vLLM, a proxy), ending in /v1. Its key is set in Settings → Connectors; other plugins can use it too.',
								'iacp'
							)
				}
				type="url"
				value={ draft.connector_base_url ?? '' }
				disabled={ urlFixed }
				onChange={ ( value ) => set( 'connector_base_url', value ) }
				__nextHasNoMarginBottom
			/>
		</SettingsGroup>
	);
}
