/**
 * What happened to the value a post_field or alt_text job computed: written, kept for review, skipped, or not written
 * because a person's edit won. One sentence per outcome, shared by every screen that shows such a result.
 */
import { __ } from '@wordpress/i18n';

export interface WriteResult {
	applied?: boolean;
	review?: boolean;
	skipped?: boolean;
	note?: string;
	reason?: string;
}

export function writeOutcome( type: string, result: WriteResult ): string {
	if ( result.applied ) {
		return type === 'alt_text'
			? __( 'Written as the image’s alt text.', 'iacp' )
			: __( 'Applied to the post.', 'iacp' );
	}
	if ( result.review ) {
		return __( 'Waiting for review: nothing was written yet.', 'iacp' );
	}
	if ( result.skipped ) {
		return __(
			'Skipped: the image already has alt text, and the job was not asked to replace it.',
			'iacp'
		);
	}
	return __(
		'Not applied: a newer edit by a person was kept. The suggestion stays here.',
		'iacp'
	);
}
