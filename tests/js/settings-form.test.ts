/**
 * The settings form never echoes the API key: not prefilled, not sent unless typed, removed only on request.
 */
import type { Settings } from '@iacp/api/types';
import {
	apiKeyStatusText,
	buildSettingsUpdate,
	canEditApiKey,
	draftFromSettings,
} from '@iacp/admin/settings/settingsForm';

const settings = {
	provider_base_url: 'http://127.0.0.1:8191/v1',
	text_model: 'small',
	vision_model: '',
	image_model: 'pixel',
	connect_timeout: 5,
	read_timeout: 60,
	idle_timeout: 30,
	image_format: 'webp',
	jpeg_quality: 82,
	retry_base_seconds: 10,
	retry_cap_seconds: 600,
	default_max_attempts: 3,
	pending_ttl_seconds: 3600,
	lease_seconds: 120,
	retention_completed_days: 30,
	retention_failed_days: 90,
	max_prompt_chars: 8000,
	jobs_per_minute: 10,
	max_active_jobs: 5,
	daily_token_budgets: { administrator: 0, author: 50000 },
	provider_max_in_flight: 2,
	provider_requests_per_minute: 60,
	api_key_set: true,
	api_key_source: 'stored',
} satisfies Settings;

describe( 'draftFromSettings', () => {
	it( 'holds no key, even if a server sent one by mistake', () => {
		const draft = draftFromSettings( {
			...settings,
			api_key: 'sk-leaked',
		} as Settings );
		expect( JSON.stringify( draft ) ).not.toContain( 'sk-leaked' );
		expect( draft ).not.toHaveProperty( 'api_key_set' );
		expect( draft ).not.toHaveProperty( 'api_key_source' );
	} );
} );

describe( 'buildSettingsUpdate', () => {
	const saved = draftFromSettings( settings );

	it( 'sends only changed fields and no key when the key field was left alone', () => {
		const update = buildSettingsUpdate(
			saved,
			{ ...saved, text_model: 'large' },
			{ action: 'keep' }
		);
		expect( update ).toEqual( { text_model: 'large' } );
	} );

	it( 'sends a typed key, trimmed, and ignores a blank one', () => {
		expect(
			buildSettingsUpdate( saved, saved, {
				action: 'replace',
				value: ' sk-new ',
			} )
		).toEqual( { api_key: 'sk-new' } );
		expect(
			buildSettingsUpdate( saved, saved, {
				action: 'replace',
				value: '   ',
			} )
		).toEqual( {} );
	} );

	it( 'removes the key only when asked to', () => {
		expect(
			buildSettingsUpdate( saved, saved, { action: 'remove' } )
		).toEqual( { api_key: '' } );
	} );

	it( 'notices nested budget changes', () => {
		expect(
			buildSettingsUpdate(
				saved,
				{
					...saved,
					daily_token_budgets: { administrator: 0, author: 1 },
				},
				{ action: 'keep' }
			)
		).toEqual( {
			daily_token_budgets: { administrator: 0, author: 1 },
		} );
	} );
} );

describe( 'apiKeyStatusText', () => {
	it( 'describes where the key comes from, never the key', () => {
		expect( apiKeyStatusText( settings ) ).toBe( 'A key is set.' );
		expect(
			apiKeyStatusText( {
				api_key_set: true,
				api_key_source: 'constant',
			} )
		).toBe(
			'Set by the IACP_API_KEY constant — edit wp-config.php to change it.'
		);
		expect(
			apiKeyStatusText( { api_key_set: false, api_key_source: 'none' } )
		).toBe( 'No key.' );
		expect( canEditApiKey( { api_key_source: 'constant' } ) ).toBe( false );
		expect( canEditApiKey( { api_key_source: 'stored' } ) ).toBe( true );
	} );
} );
