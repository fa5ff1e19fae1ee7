/**
 * Media Library grid (upload.php): a "Write alt text with AI" button in the bulk-select toolbar. It starts one
 * alt_text batch over the selected images (POST /iacp/v1/batches) and links to that batch's page. The list view's
 * bulk action is PHP (the list screen hooks); this covers the grid, which core draws with Backbone views.
 */
import { speak } from '@wordpress/a11y';
import { __, _n, sprintf } from '@wordpress/i18n';
import { startBatch } from '../api/batches';
import { errorMessage } from '../api/errors';
import { batchScreenUrl } from '../admin/batches/batchesUrl';

const NOTICE_ID = 'iacp-media-batch-notice';

/** A dismissible admin notice above the grid, saying what happened (with a link to the batch). */
function showNotice( kind: 'success' | 'error', text: string, link?: string ) {
	document.getElementById( NOTICE_ID )?.remove();
	const notice = document.createElement( 'div' );
	notice.id = NOTICE_ID;
	notice.className = `notice notice-${ kind } iacp-media-batch-notice`;
	const paragraph = document.createElement( 'p' );
	paragraph.textContent = text;
	if ( link ) {
		const anchor = document.createElement( 'a' );
		anchor.href = link;
		anchor.textContent = __( 'View the batch', 'iacp' );
		paragraph.append( ' ', anchor );
	}
	notice.append( paragraph );
	const heading = document.querySelector(
		'#wp-media-grid .wp-heading-inline'
	);
	const grid = document.getElementById( 'wp-media-grid' );
	if ( heading?.parentElement ) {
		heading.parentElement.insertBefore(
			notice,
			document.querySelector( '#wp-media-grid .wp-header-end' )
				?.nextSibling ?? null
		);
	} else {
		grid?.prepend( notice );
	}
	speak( text, kind === 'error' ? 'assertive' : 'polite' );
}

async function writeAltText( controller: WpMediaController ) {
	const selection = controller.state().get( 'selection' );
	const ids = selection
		.map( ( model ) => model.id )
		.filter( ( id ) => Number.isInteger( id ) && id > 0 );
	if ( ids.length === 0 ) {
		return;
	}
	try {
		const batch = await startBatch( {
			action: 'alt_text',
			mode: 'apply',
			post_ids: ids,
		} );
		const adminUrl = window.location.href.split( '/upload.php' )[ 0 ] ?? '';
		showNotice(
			'success',
			sprintf(
				/* translators: %d: number of images. */
				_n(
					'Writing alt text for %d image in the background.',
					'Writing alt text for %d images in the background.',
					ids.length,
					'iacp'
				),
				ids.length
			),
			batchScreenUrl( adminUrl, batch.id )
		);
		// Leaves bulk select the way core's own bulk actions do.
		controller.trigger( 'selection:action:done' );
	} catch ( error ) {
		showNotice( 'error', errorMessage( error ) );
	}
}

function addButton( browser: WpAttachmentsBrowser, media: WpMedia ) {
	const { controller } = browser;
	const button = new media.view.Button( {
		text: __( 'Write alt text with AI', 'iacp' ),
		size: '',
		disabled: true,
		priority: -75,
		classes: [ 'iacp-alt-text-button' ],
		controller,
		click: () => void writeAltText( controller ),
	} ).render();
	// Shown only in bulk select, and usable once something is selected (as core's Delete button).
	const sync = () => {
		const selecting = controller.isModeActive( 'select' );
		button.el.style.display = selecting ? '' : 'none';
		button.model.set( {
			disabled: controller.state().get( 'selection' ).length === 0,
		} );
	};
	controller.on( 'select:activate select:deactivate selection:toggle', sync );
	controller.state().get( 'selection' ).on( 'add remove reset', sync );
	browser.toolbar.set( 'iacpAltText', button );
	sync();
}

const media = window.wp?.media;
if ( media ) {
	const original = media.view.AttachmentsBrowser.prototype.createToolbar;
	media.view.AttachmentsBrowser.prototype.createToolbar = function () {
		original.call( this );
		// Only the Media Library's own grid, not a media modal in an editor.
		if ( this.controller.isModeActive( 'grid' ) ) {
			addButton( this, media );
		}
	};
}
