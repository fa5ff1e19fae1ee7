/**
 * The parts of the `wp` global that tests and scripts read from the page.
 */
export {};

interface WpDataStoreSelectors {
	getCurrentPostId?: () => number | null;
	[ selector: string ]: unknown;
}

declare global {
	interface Window {
		wp: {
			data: {
				select: ( store: string ) => WpDataStoreSelectors;
				dispatch: ( store: string ) => {
					set: (
						scope: string,
						name: string,
						value: unknown
					) => void;
					[ action: string ]: unknown;
				};
			};
			/** Core's Backbone media library, on screens that load it (upload.php). */
			media?: WpMedia;
			plugins: {
				getPlugin: ( name: string ) => { name: string } | undefined;
			};
		};
	}
}
