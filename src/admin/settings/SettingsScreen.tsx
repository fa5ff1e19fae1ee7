/**
 * Settings → AI Content Pipeline: provider, write-only API key, models, connection test, timeouts, retries,
 * retention, limits and daily token budgets per role.
 */
import { speak } from '@wordpress/a11y';
import {
	Button,
	Card,
	CardBody,
	CardHeader,
	Flex,
	Notice,
	SelectControl,
	Spinner,
	TextControl,
} from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';
import { errorMessage, isApiError } from '../../api/errors';
import type { Settings } from '../../api/types';
import {
	useProviderModels,
	useSaveSettings,
	useSettings,
	useTestConnection,
} from '../../hooks/useSettings';
import { connectionReport } from './connectionReport';
import { ModelField } from './ModelField';
import {
	apiKeyStatusText,
	buildSettingsUpdate,
	canEditApiKey,
	draftFromSettings,
	type ApiKeyIntent,
	type EditableSettings,
} from './settingsForm';
import { ErrorNotice } from '../../components/ErrorNotice';

type NumberKey = {
	[ K in keyof EditableSettings ]: EditableSettings[ K ] extends number
		? K
		: never;
}[ keyof EditableSettings ];

interface NumberField {
	key: NumberKey;
	label: string;
	help?: string;
	min?: number;
}

function sections(): Array< {
	title: string;
	description: string;
	fields: NumberField[];
} > {
	return [
		{
			title: __( 'Timeouts', 'iacp' ),
			description: __(
				'How long a job waits for the AI provider to connect and to answer before the attempt fails.',
				'iacp'
			),
			fields: [
				{
					key: 'connect_timeout',
					label: __( 'Connect timeout (seconds)', 'iacp' ),
					min: 1,
				},
				{
					key: 'read_timeout',
					label: __( 'Read timeout (seconds)', 'iacp' ),
					help: __(
						'How long to wait for the provider to start answering.',
						'iacp'
					),
					min: 5,
				},
				{
					key: 'idle_timeout',
					label: __( 'Idle timeout (seconds)', 'iacp' ),
					help: __(
						'How long a streamed answer may pause before the job gives up on it and tries again.',
						'iacp'
					),
					min: 5,
				},
			],
		},
		{
			title: __( 'Retries and queue', 'iacp' ),
			description: __(
				'How often a failed job is tried again, how long to wait in between, and how long a job may wait or run.',
				'iacp'
			),
			fields: [
				{
					key: 'default_max_attempts',
					label: __( 'Attempts per job', 'iacp' ),
					min: 1,
				},
				{
					key: 'retry_base_seconds',
					label: __( 'First retry after (seconds)', 'iacp' ),
					min: 0,
				},
				{
					key: 'retry_cap_seconds',
					label: __( 'Longest retry delay (seconds)', 'iacp' ),
					min: 0,
				},
				{
					key: 'pending_ttl_seconds',
					label: __( 'Queued jobs expire after (seconds)', 'iacp' ),
					min: 1,
				},
				{
					key: 'lease_seconds',
					label: __( 'Worker lease (seconds)', 'iacp' ),
					min: 1,
				},
			],
		},
		{
			title: __( 'Retention', 'iacp' ),
			description: __(
				'How long finished jobs stay in the list before they are deleted (0: keep them).',
				'iacp'
			),
			fields: [
				{
					key: 'retention_completed_days',
					label: __( 'Keep completed jobs (days)', 'iacp' ),
					min: 0,
				},
				{
					key: 'retention_failed_days',
					label: __( 'Keep failed jobs (days)', 'iacp' ),
					min: 0,
				},
			],
		},
		{
			title: __( 'Limits', 'iacp' ),
			description: __(
				'What one user may ask for, and how hard this site may press the provider (0: no limit).',
				'iacp'
			),
			fields: [
				{
					key: 'max_prompt_chars',
					label: __( 'Longest prompt (characters)', 'iacp' ),
					min: 1,
				},
				{
					key: 'jobs_per_minute',
					label: __( 'Jobs per user per minute', 'iacp' ),
					min: 0,
				},
				{
					key: 'max_active_jobs',
					label: __( 'Active jobs per user', 'iacp' ),
					min: 0,
				},
				{
					key: 'provider_max_in_flight',
					label: __( 'Provider requests at once', 'iacp' ),
					min: 1,
				},
				{
					key: 'provider_requests_per_minute',
					label: __( 'Provider requests per minute', 'iacp' ),
					min: 0,
				},
				{
					key: 'jpeg_quality',
					label: __( 'JPEG quality (1–100)', 'iacp' ),
					min: 1,
				},
			],
		},
	];
}

function Form( { settings }: { settings: Settings } ) {
	const [ draft, setDraft ] = useState< EditableSettings >( () =>
		draftFromSettings( settings )
	);
	const [ apiKey, setApiKey ] = useState< ApiKeyIntent >( {
		action: 'keep',
	} );
	const [ saved, setSaved ] = useState( false );
	const save = useSaveSettings();
	const test = useTestConnection();
	const providerModels = useProviderModels();
	const models = providerModels.data?.models ?? [];
	const listError = providerModels.data?.error?.message ?? null;
	const keyEditable = canEditApiKey( settings );
	const typedKey = apiKey.action === 'replace' ? apiKey.value : '';

	// The server's answer becomes the new baseline; the key field always empties.
	useEffect( () => {
		setDraft( draftFromSettings( settings ) );
		setApiKey( { action: 'keep' } );
	}, [ settings ] );

	const set = < K extends keyof EditableSettings >(
		key: K,
		value: EditableSettings[ K ]
	) => {
		setSaved( false );
		setDraft( ( current ) => ( { ...current, [ key ]: value } ) );
	};

	const onSave = () => {
		const update = buildSettingsUpdate(
			draftFromSettings( settings ),
			draft,
			apiKey
		);
		save.mutate( update, {
			onSuccess: () => {
				// The answer may equal the old settings (same reference), so empty the key field here too.
				setApiKey( { action: 'keep' } );
				setSaved( true );
				speak( __( 'Settings saved.', 'iacp' ) );
			},
			onError: ( error ) => speak( errorMessage( error ), 'assertive' ),
		} );
	};

	const onTest = () => {
		test.mutate(
			buildSettingsUpdate( draftFromSettings( settings ), draft, apiKey ),
			{
				onSuccess: ( result ) =>
					speak(
						result.ok
							? __( 'Connection works.', 'iacp' )
							: __( 'Connection failed.', 'iacp' )
					),
			}
		);
	};

	const invalidField =
		save.error && isApiError( save.error ) ? save.error.field : null;

	return (
		<form
			className="iacp-settings"
			onSubmit={ ( event ) => {
				event.preventDefault();
				onSave();
			} }
			autoComplete="off"
		>
			<Card>
				<CardHeader>
					<h2>{ __( 'Provider', 'iacp' ) }</h2>
				</CardHeader>
				<CardBody>
					<p className="iacp-settings__hint">
						{ __(
							'Where AI jobs send their requests: any OpenAI-compatible endpoint, its key, and the models to use.',
							'iacp'
						) }
					</p>
					<TextControl
						label={ __( 'Provider URL', 'iacp' ) }
						help={ __(
							'An OpenAI-compatible API base URL, like https://api.example.com/v1',
							'iacp'
						) }
						type="url"
						value={ draft.provider_base_url ?? '' }
						onChange={ ( value ) =>
							set( 'provider_base_url', value )
						}
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
					<div className="iacp-settings__key">
						<TextControl
							label={ __( 'API key', 'iacp' ) }
							help={ apiKeyStatusText( settings ) }
							type="password"
							autoComplete="new-password"
							value={ typedKey }
							disabled={ ! keyEditable }
							placeholder={
								settings.api_key_set
									? __(
											'Type a new key to replace it',
											'iacp'
										)
									: ''
							}
							onChange={ ( value ) => {
								setSaved( false );
								setApiKey(
									value === ''
										? { action: 'keep' }
										: { action: 'replace', value }
								);
							} }
							__nextHasNoMarginBottom
						/>
						{ keyEditable &&
							settings.api_key_source === 'stored' && (
								<Button
									variant="link"
									isDestructive
									onClick={ () => {
										setSaved( false );
										setApiKey( { action: 'remove' } );
									} }
								>
									{ __(
										'Remove the stored key when saving',
										'iacp'
									) }
								</Button>
							) }
						{ apiKey.action === 'remove' && (
							<p>
								{ __(
									'The stored key will be removed when you save.',
									'iacp'
								) }
							</p>
						) }
					</div>
					<div className="iacp-settings__grid">
						<ModelField
							id="iacp-text-model"
							label={ __( 'Text model', 'iacp' ) }
							value={ draft.text_model ?? '' }
							models={ models }
							listError={ listError }
							onChange={ ( value ) => set( 'text_model', value ) }
						/>
						<ModelField
							id="iacp-vision-model"
							label={ __(
								'Vision model (alt text; empty: as for text jobs)',
								'iacp'
							) }
							value={ draft.vision_model ?? '' }
							models={ models }
							listError={ listError }
							onChange={ ( value ) =>
								set( 'vision_model', value )
							}
						/>
						<ModelField
							id="iacp-image-model"
							label={ __( 'Image model', 'iacp' ) }
							value={ draft.image_model ?? '' }
							models={ models }
							listError={ listError }
							onChange={ ( value ) =>
								set( 'image_model', value )
							}
						/>
						<SelectControl
							label={ __( 'Image format', 'iacp' ) }
							value={ draft.image_format ?? 'png' }
							options={ [ 'png', 'jpeg', 'webp' ].map(
								( value ) => ( {
									value,
									label: value.toUpperCase(),
								} )
							) }
							onChange={ ( value ) =>
								set( 'image_format', value )
							}
							__nextHasNoMarginBottom
						/>
					</div>
					<Flex justify="flex-start">
						<Button
							variant="secondary"
							onClick={ onTest }
							isBusy={ test.isPending }
						>
							{ __( 'Test connection', 'iacp' ) }
						</Button>
					</Flex>
					<div aria-live="polite">
						{ test.data?.ok && (
							<Notice status="success" isDismissible={ false }>
								{ sprintf(
									/* translators: %s: list of model names. */
									__(
										'Connection works. Models: %s',
										'iacp'
									),
									test.data.models.join( ', ' ) ||
										__( 'none listed', 'iacp' )
								) }
							</Notice>
						) }
						{ test.data && ! test.data.ok && (
							<Notice status="error" isDismissible={ false }>
								{ test.data.error?.message ??
									__( 'The connection failed.', 'iacp' ) }
							</Notice>
						) }
						{ test.data && connectionReport( test.data ) !== '' && (
							<p className="iacp-settings__tried">
								{ connectionReport( test.data ) }
							</p>
						) }
						{ test.error && <ErrorNotice error={ test.error } /> }
					</div>
				</CardBody>
			</Card>

			{ sections().map( ( section ) => (
				<Card key={ section.title }>
					<CardHeader>
						<h2>{ section.title }</h2>
					</CardHeader>
					<CardBody className="iacp-settings__grid">
						<p className="iacp-settings__hint">
							{ section.description }
						</p>
						{ section.fields.map( ( field ) => (
							<TextControl
								key={ field.key }
								label={ field.label }
								help={ field.help }
								type="number"
								min={ field.min }
								value={ String( draft[ field.key ] ?? '' ) }
								onChange={ ( value ) =>
									set( field.key, Number( value ) )
								}
								className={
									invalidField === field.key
										? 'has-error'
										: ''
								}
								__nextHasNoMarginBottom
							/>
						) ) }
					</CardBody>
				</Card>
			) ) }

			<Card>
				<CardHeader>
					<h2>{ __( 'Daily token budgets per role', 'iacp' ) }</h2>
				</CardHeader>
				<CardBody className="iacp-settings__grid">
					<p className="iacp-settings__hint">
						{ __(
							'AI tokens each user of a role may spend per day (UTC). 0 or empty means no limit; a user with several roles gets the most generous.',
							'iacp'
						) }
					</p>
					{ Object.entries(
						budgetRoles( draft.daily_token_budgets )
					).map( ( [ role, name ] ) => (
						<TextControl
							key={ role }
							label={ sprintf(
								/* translators: %s: role name. */
								__( 'Tokens per day: %s', 'iacp' ),
								name
							) }
							type="number"
							min={ 0 }
							value={ String(
								draft.daily_token_budgets?.[ role ] ?? 0
							) }
							onChange={ ( value ) =>
								set(
									'daily_token_budgets',
									withBudget(
										draft.daily_token_budgets,
										role,
										Number( value )
									)
								)
							}
							__nextHasNoMarginBottom
						/>
					) ) }
				</CardBody>
			</Card>

			<div aria-live="polite">
				{ save.error && <ErrorNotice error={ save.error } /> }
				{ saved && ! save.error && (
					<Notice status="success" isDismissible={ false }>
						{ __( 'Settings saved.', 'iacp' ) }
					</Notice>
				) }
			</div>
			<Flex justify="flex-start">
				<Button
					variant="primary"
					type="submit"
					isBusy={ save.isPending }
				>
					{ __( 'Save settings', 'iacp' ) }
				</Button>
			</Flex>
		</form>
	);
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

/** Every role of the site (from the page), plus any role a stored budget names. */
function budgetRoles(
	budgets: Record< string, number > | undefined
): Record< string, string > {
	const roles = { ...( window.iacpAdminSettings?.roles ?? {} ) };
	for ( const role of Object.keys( budgets ?? {} ) ) {
		roles[ role ] ??= role;
	}
	return roles;
}

/** A role without a positive budget is left out: no limit. */
function withBudget(
	budgets: Record< string, number > | undefined,
	role: string,
	tokens: number
): Record< string, number > {
	const next = { ...( budgets ?? {} ) };
	if ( Number.isFinite( tokens ) && tokens > 0 ) {
		next[ role ] = Math.floor( tokens );
	} else {
		delete next[ role ];
	}
	return next;
}

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
	return <Form settings={ data } />;
}
