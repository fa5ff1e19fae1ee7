/**
 * The few parts of core's Backbone media library (wp.media, on upload.php) that the grid's AI button uses.
 */
export {};

declare global {
	interface WpMediaModel {
		id: number;
		get: ( name: string ) => unknown;
	}

	interface WpMediaSelection {
		length: number;
		map: < T >( callback: ( model: WpMediaModel ) => T ) => T[];
		on: ( events: string, callback: () => void ) => void;
	}

	interface WpMediaController {
		isModeActive: ( mode: string ) => boolean;
		state: () => { get: ( name: 'selection' ) => WpMediaSelection };
		on: ( events: string, callback: () => void ) => void;
		trigger: ( event: string ) => void;
	}

	interface WpMediaView {
		el: HTMLElement;
		model: { set: ( attributes: Record< string, unknown > ) => void };
		render: () => WpMediaView;
	}

	interface WpMediaButtonOptions {
		text: string;
		style?: string;
		size?: string;
		disabled?: boolean;
		priority: number;
		classes?: string[];
		controller: WpMediaController;
		click: () => void;
	}

	interface WpAttachmentsBrowser {
		controller: WpMediaController;
		toolbar: { set: ( id: string, view: WpMediaView ) => void };
	}

	interface WpMedia {
		view: {
			Button: new ( options: WpMediaButtonOptions ) => WpMediaView;
			AttachmentsBrowser: {
				prototype: {
					createToolbar: ( this: WpAttachmentsBrowser ) => void;
				};
			};
		};
	}
}
