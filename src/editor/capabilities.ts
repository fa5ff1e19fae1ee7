import { IMAGE_SIZES, type ImageSize } from '../api/types';

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

/** What the image model makes, as PHP printed it; one 1024x1024 image (what every model makes) when absent. */
export interface ImageModelChoices {
	sizes: ImageSize[];
	maxCount: number;
	defaultSize: ImageSize;
}

const isImageSize = ( value: unknown ): value is ImageSize =>
	( IMAGE_SIZES as readonly unknown[] ).includes( value );

export function imageModelChoices(): ImageModelChoices {
	const settings = window.iacpEditorSettings ?? {};
	const sizes = ( settings.imageSizes ?? [] ).filter( isImageSize );
	const offered: ImageSize[] = sizes.length > 0 ? sizes : [ '1024x1024' ];
	const fallback: ImageSize = offered[ 0 ] ?? '1024x1024';
	return {
		sizes: offered,
		maxCount: Math.max( 1, Math.min( 4, settings.imageMaxCount ?? 1 ) ),
		defaultSize:
			isImageSize( settings.imageDefaultSize ) &&
			offered.includes( settings.imageDefaultSize )
				? settings.imageDefaultSize
				: fallback,
	};
}
