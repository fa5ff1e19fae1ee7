/**
 * The plugin settings (managers): read, save, test the provider connection.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getSettings, saveSettings, testConnection } from '../api/client';
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
		onSuccess: ( settings ) =>
			client.setQueryData( queryKeys.settings(), settings ),
	} );
}

export function useTestConnection() {
	return useMutation< ConnectionTestResult, ApiError, SettingsUpdate >( {
		mutationFn: testConnection,
	} );
}
