/**
 * The plugin settings (managers): read, save, test the provider connection, and the models the provider lists.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
	getProviderModels,
	getSettings,
	saveSettings,
	testConnection,
} from '../api/client';
import type { ApiError } from '../api/errors';
import type {
	ConnectionTestResult,
	Settings,
	SettingsUpdate,
} from '../api/types';
import { queryKeys } from './queryKeys';

export function useSettings() {
	return useQuery( {
		queryKey: queryKeys.settings(),
		queryFn: getSettings,
		staleTime: Infinity,
	} );
}

export function useSaveSettings() {
	const client = useQueryClient();
	return useMutation< Settings, ApiError, SettingsUpdate >( {
		mutationFn: saveSettings,
		onSuccess: ( settings ) => {
			client.setQueryData( queryKeys.settings(), settings );
			// Another provider (or key) may list other models.
			void client.invalidateQueries( { queryKey: queryKeys.models() } );
		},
	} );
}

/** What the saved provider lists at GET /models; asked once per page, and again after a save or a test. */
export function useProviderModels() {
	return useQuery( {
		queryKey: queryKeys.models(),
		queryFn: getProviderModels,
		staleTime: Infinity,
		retry: false,
	} );
}

export function useTestConnection() {
	const client = useQueryClient();
	return useMutation< ConnectionTestResult, ApiError, SettingsUpdate >( {
		mutationFn: testConnection,
		onSuccess: ( result ) => {
			// The models a working (maybe not yet saved) provider lists are what the pickers offer.
			if ( result.ok ) {
				client.setQueryData( queryKeys.models(), {
					models: result.models,
					error: null,
				} );
			}
		},
	} );
}
