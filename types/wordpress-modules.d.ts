/**
 * Minimal types for the WordPress packages the editor script uses but that are not installed from npm: at run
 * time they are the externals wp.blockEditor, wp.editor, wp.editPost and wp.coreData. Only what this plugin uses.
 */

declare module '@wordpress/block-editor' {
	import type { ComponentType, ReactNode } from 'react';
	import type { Block } from '@wordpress/blocks';
	import type { ReduxStoreConfig, StoreDescriptor } from '@wordpress/data';

	export const BlockControls: ComponentType< {
		group?: 'default' | 'block' | 'inline' | 'other' | 'parent';
		children?: ReactNode;
	} >;

	export const store: StoreDescriptor<
		ReduxStoreConfig<
			unknown,
			{
				insertBlocks: (
					blocks: Block[],
					index?: number,
					rootClientId?: string,
					updateSelection?: boolean
				) => unknown;
				replaceBlocks: (
					clientIds: string | string[],
					blocks: Block[]
				) => unknown;
				updateBlockAttributes: (
					clientId: string,
					attributes: Record< string, unknown >
				) => unknown;
			},
			{
				getBlock: ( state: unknown, clientId: string ) => Block | null;
				getBlockIndex: ( state: unknown, clientId: string ) => number;
				getBlockRootClientId: (
					state: unknown,
					clientId: string
				) => string | null;
				getBlockCount: (
					state: unknown,
					rootClientId?: string
				) => number;
				getSelectedBlockClientId: ( state: unknown ) => string | null;
			}
		>
	>;
}

declare module '@wordpress/editor' {
	import type { ReduxStoreConfig, StoreDescriptor } from '@wordpress/data';
	import type {
		PluginDocumentSettingPanel as DocumentSettingPanel,
		PluginSidebar as Sidebar,
		PluginSidebarMoreMenuItem as SidebarMoreMenuItem,
	} from '@wordpress/edit-post';

	// The plugin slots moved here in WordPress 6.6; absent on 6.5.
	export const PluginSidebar: typeof Sidebar | undefined;
	export const PluginSidebarMoreMenuItem:
		typeof SidebarMoreMenuItem | undefined;
	export const PluginDocumentSettingPanel:
		typeof DocumentSettingPanel | undefined;

	export const store: StoreDescriptor<
		ReduxStoreConfig<
			unknown,
			{
				savePost: (
					options?: Record< string, unknown >
				) => Promise< void >;
				editPost: ( edits: Record< string, unknown > ) => unknown;
			},
			{
				getCurrentPostId: ( state: unknown ) => number | null;
				getCurrentPostType: ( state: unknown ) => string;
				getEditedPostAttribute: (
					state: unknown,
					attribute: string
				) => unknown;
				isSavingPost: ( state: unknown ) => boolean;
				didPostSaveRequestSucceed: ( state: unknown ) => boolean;
				isEditedPostDirty: ( state: unknown ) => boolean;
			}
		>
	>;
}

declare module '@wordpress/edit-post' {
	import type { ComponentType, ReactNode } from 'react';
	import type { ReduxStoreConfig, StoreDescriptor } from '@wordpress/data';

	type Icon = ReactNode | ComponentType;

	export const PluginSidebar: ComponentType< {
		name: string;
		title: string;
		icon?: Icon;
		className?: string;
		children?: ReactNode;
	} >;
	export const PluginSidebarMoreMenuItem: ComponentType< {
		target: string;
		icon?: Icon;
		children?: ReactNode;
	} >;
	export const PluginDocumentSettingPanel: ComponentType< {
		name: string;
		title: string;
		className?: string;
		icon?: Icon;
		children?: ReactNode;
	} >;
	export const store: StoreDescriptor<
		ReduxStoreConfig<
			unknown,
			{ openGeneralSidebar: ( name: string ) => unknown },
			Record< string, never >
		>
	>;
}

declare module '@wordpress/core-data' {
	import type { ReduxStoreConfig, StoreDescriptor } from '@wordpress/data';

	export const store: StoreDescriptor<
		ReduxStoreConfig<
			unknown,
			{
				receiveEntityRecords: (
					kind: string,
					name: string,
					records:
						Record< string, unknown > | Record< string, unknown >[],
					query?: Record< string, unknown >,
					invalidateCache?: boolean
				) => unknown;
			},
			{
				getPostType: (
					state: unknown,
					slug: string
				) =>
					{ rest_base?: string; rest_namespace?: string } | undefined;
			}
		>
	>;
}

/** Stylesheets imported for wp-scripts to extract. */
declare module '*.scss';
