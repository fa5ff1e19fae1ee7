/**
 * The plugin's single QueryClient, shared by every React root on a page (the editor renders several).
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { ApiError } from '../api/errors';

export function createQueryClient(): QueryClient {
	return new QueryClient( {
		defaultOptions: {
			queries: {
				staleTime: 5000,
				// Client errors will not fix themselves; network and server errors get two more tries.
				retry: ( failureCount, error ) =>
					! (
						error instanceof ApiError &&
						error.status >= 400 &&
						error.status < 500
					) && failureCount < 2,
				refetchOnWindowFocus: true,
			},
			mutations: { retry: false },
		},
	} );
}

let shared: QueryClient | null = null;

export function sharedQueryClient(): QueryClient {
	shared ??= createQueryClient();
	return shared;
}

export function IacpQueryProvider( {
	children,
	client,
}: {
	children: ReactNode;
	client?: QueryClient;
} ) {
	return (
		<QueryClientProvider client={ client ?? sharedQueryClient() }>
			{ children }
		</QueryClientProvider>
	);
}
