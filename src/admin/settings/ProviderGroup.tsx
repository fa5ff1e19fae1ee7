/**
 * The Provider group: the OpenAI-compatible endpoint's URL, its write-only key, the models for text, vision and
 * images, the image format, and the connection test.
 */
import { Notice, SelectControl, TextControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { Settings, SettingsUpdate } from '../../api/types';
import { useProviderModels } from '../../hooks/useSettings';
import { ApiKeyField } from './ApiKeyField';
import { ConnectionTest } from './ConnectionTest';
import { ModelField } from './ModelField';
import { SettingsGroup } from './SettingsGroup';
import type {
	ApiKeyIntent,
	EditableSettings,
	SetSetting,
} from './settingsForm';

type ModelKey = 'text_model' | 'vision_model' | 'image_model';

/** The model fields, in the order they show; the id ties each to its list of offered models. */
function modelFields(): Array< { key: ModelKey; id: string; label: string } > {
	return [
		{
			key: 'text_model',
			id: 'iacp-text-model',
			label: __( 'Text model', 'iacp' ),
		},
		{
			key: 'vision_model',
			id: 'iacp-vision-model',
			label: __(
				'Vision model (alt text; empty: as for text jobs)',
				'iacp'
			),
		},
		{
			key: 'image_model',
			id: 'iacp-image-model',
			label: __( 'Image model', 'iacp' ),
		},
	];
}

/** Whether a URL is the demo's local test AI server (the page says which one, when there is one). */
function isLocalTestServer( url: string | undefined ): boolean {
	const demo = window.iacpAdminSettings?.demoAiUrl;
	return (
		!! demo &&
		!! url &&
		url.replace( /\/+$/, '' ) === demo.replace( /\/+$/, '' )
	);
}

export function ProviderGroup( {
	settings,
	draft,
	set,
	apiKey,
	onApiKey,
	update,
}: {
	settings: Settings;
	draft: EditableSettings;
	set: SetSetting;
	apiKey: ApiKeyIntent;
	onApiKey: ( intent: ApiKeyIntent ) => void;
	/** What the connection test tries: the saved settings with the form's changes. */
	update: () => SettingsUpdate;
} ) {
	const providerModels = useProviderModels();
	const models = providerModels.data?.models ?? [];
	const listError = providerModels.data?.error?.message ?? null;
	return (
		<SettingsGroup
			title={ __( 'Provider', 'iacp' ) }
			description={ __(
				'Where AI jobs send their requests: any OpenAI-compatible endpoint, its key, and the models to use.',
				'iacp'
			) }
			after={ <ConnectionTest update={ update } /> }
		>
			<div className="iacp-settings__wide">
				<TextControl
					label={ __( 'Provider URL', 'iacp' ) }
					help={ __(
						'An OpenAI-compatible API base URL, like https://api.example.com/v1',
						'iacp'
					) }
					type="url"
					value={ draft.provider_base_url ?? '' }
					onChange={ ( value ) => set( 'provider_base_url', value ) }
					__nextHasNoMarginBottom
				/>
				{ isLocalTestServer( draft.provider_base_url ) && (
					<Notice status="info" isDismissible={ false }>
						{ __(
							'This is the local test AI endpoint that `npm start` runs: deterministic text and pictures for trying the plugin, not a real AI. Enter a real provider’s URL and key to use one.',
							'iacp'
						) }
					</Notice>
				) }
			</div>
			<ApiKeyField
				settings={ settings }
				intent={ apiKey }
				onChange={ onApiKey }
			/>
			{ modelFields().map( ( field ) => (
				<ModelField
					key={ field.key }
					id={ field.id }
					label={ field.label }
					value={ draft[ field.key ] ?? '' }
					models={ models }
					listError={ listError }
					onChange={ ( value ) => set( field.key, value ) }
				/>
			) ) }
			<SelectControl
				label={ __( 'Image format', 'iacp' ) }
				value={ draft.image_format ?? 'png' }
				options={ [ 'png', 'jpeg', 'webp' ].map( ( value ) => ( {
					value,
					label: value.toUpperCase(),
				} ) ) }
				onChange={ ( value ) => set( 'image_format', value ) }
				__nextHasNoMarginBottom
			/>
		</SettingsGroup>
	);
}
