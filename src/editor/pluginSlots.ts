/**
 * The editor's plugin slots. WordPress 6.6 moved them from edit-post to editor, and edit-post's copies log a
 * deprecation on every render since; 6.5 has them only in edit-post. Take the editor's where they exist.
 */
import * as editPost from '@wordpress/edit-post';
import * as editor from '@wordpress/editor';

export const PluginSidebar = editor.PluginSidebar ?? editPost.PluginSidebar;
export const PluginSidebarMoreMenuItem =
	editor.PluginSidebarMoreMenuItem ?? editPost.PluginSidebarMoreMenuItem;
export const PluginDocumentSettingPanel =
	editor.PluginDocumentSettingPanel ?? editPost.PluginDocumentSettingPanel;
