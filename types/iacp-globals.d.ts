/**
 * Globals the plugin's scripts read from the page.
 */
export {};

declare global {
	/** Printed by includes/Assets/EditorAssets.php before the editor script. */
	interface IacpEditorSettings {
		canGenerateText?: boolean;
		canGenerateImages?: boolean;
		canManage?: boolean;
		restRoot?: string;
		jobsUrl?: string;
		/** Sizes the image model makes, in the order to offer them. */
		imageSizes?: string[];
		/** Most images one job may ask for with that model. */
		imageMaxCount?: number;
		imageDefaultSize?: string;
		/** Fields of this post type the AI panel may refine (includes/JobTypes/PostFields.php). */
		postFields?: Array< { field: string; label: string } >;
	}

	/** Printed by includes/Admin/AdminScreen.php before the admin script. */
	interface IacpAdminSettings {
		/** Role slug => translated role name, for the budgets form. */
		roles?: Record< string, string >;
		/** The `npm start` demo's local test AI server URL, when this is the demo site. */
		demoAiUrl?: string;
		/** The site's WordPress folder, for the worker command lines the queue help shows. */
		wpPath?: string;
		/** The REST URL a server cron line calls to run the queue. */
		queueRunUrl?: string;
	}

	interface Window {
		iacpEditorSettings?: IacpEditorSettings;
		iacpAdminSettings?: IacpAdminSettings;
		/** Core's `wp-api-request` settings, present on some screens. */
		wpApiSettings?: { root?: string; nonce?: string };
	}
}
