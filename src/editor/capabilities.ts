/**
 * What the current user may do, as PHP printed it (includes/Assets/EditorAssets.php); nothing when absent.
 */
export interface EditorCapabilities {
	canGenerateText: boolean;
	canGenerateImages: boolean;
	canManage: boolean;
}

export function editorCapabilities(): EditorCapabilities {
	const settings = window.iacpEditorSettings ?? {};
	return {
		canGenerateText: settings.canGenerateText === true,
		canGenerateImages: settings.canGenerateImages === true,
		canManage: settings.canManage === true,
	};
}
