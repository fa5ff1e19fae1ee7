/**
 * The settings form: a draft of every group's fields and the key's intent, saved together with one button. The
 * server's answer becomes the new baseline.
 */
import { speak } from '@wordpress/a11y';
import { Button, Flex, Notice } from '@wordpress/components';
import { useEffect, useState } from '@wordpress/element';
import { __ } from '@wordpress/i18n';
import { errorMessage, isApiError } from '../../api/errors';
import type { Settings } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useSaveSettings } from '../../hooks/useSettings';
import { NumberGroup } from './NumberGroup';
import { numberGroups } from './numberGroups';
import { ProviderGroup } from './ProviderGroup';
import { ProviderSourceGroup } from './ProviderSourceGroup';
import {
	buildSettingsUpdate,
	draftFromSettings,
	type ApiKeyIntent,
	type EditableSettings,
	type SetSetting,
} from './settingsForm';
import { TokenBudgetsGroup } from './TokenBudgetsGroup';

export function SettingsForm( { settings }: { settings: Settings } ) {
	const [ draft, setDraft ] = useState< EditableSettings >( () =>
		draftFromSettings( settings )
	);
	const [ apiKey, setApiKey ] = useState< ApiKeyIntent >( {
		action: 'keep',
	} );
	const [ saved, setSaved ] = useState( false );
	const save = useSaveSettings();

	// The server's answer becomes the new baseline; the key field always empties.
	useEffect( () => {
		setDraft( draftFromSettings( settings ) );
		setApiKey( { action: 'keep' } );
	}, [ settings ] );

	const set: SetSetting = ( key, value ) => {
		setSaved( false );
		setDraft( ( current ) => ( { ...current, [ key ]: value } ) );
	};
	const onApiKey = ( intent: ApiKeyIntent ) => {
		setSaved( false );
		setApiKey( intent );
	};
	const update = () =>
		buildSettingsUpdate( draftFromSettings( settings ), draft, apiKey );

	const onSave = () => {
		save.mutate( update(), {
			onSuccess: () => {
				// The answer may equal the old settings (same reference), so empty the key field here too.
				setApiKey( { action: 'keep' } );
				setSaved( true );
				speak( __( 'Settings saved.', 'iacp' ) );
			},
			onError: ( error ) => speak( errorMessage( error ), 'assertive' ),
		} );
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
			{ settings.ai_client && (
				<ProviderSourceGroup
					settings={ settings }
					draft={ draft }
					set={ set }
				/>
			) }
			<ProviderGroup
				settings={ settings }
				draft={ draft }
				set={ set }
				apiKey={ apiKey }
				onApiKey={ onApiKey }
				update={ update }
			/>
			{ numberGroups().map( ( group ) => (
				<NumberGroup
					key={ group.title }
					group={ group }
					draft={ draft }
					set={ set }
					invalidField={ invalidField }
				/>
			) ) }
			<TokenBudgetsGroup
				budgets={ draft.daily_token_budgets }
				onChange={ ( budgets ) =>
					set( 'daily_token_budgets', budgets )
				}
			/>

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
