/**
 * What a "job finished" snackbar says: what is ready and for which post ("Summary ready for ‘Green tea at home’"),
 * or which job did not finish — never just "AI job finished".
 */
import { __, sprintf } from '@wordpress/i18n';
import type { Job } from '../api/types';
import { postFieldLabel } from '../jobs/postFieldLabel';

/** What a completed job produced, as a noun. */
export function resultNoun( job: Job ): string {
	const input = job.input;
	if ( job.type === 'text' ) {
		switch ( input.mode ) {
			case 'summarize':
				return __( 'Summary', 'iacp' );
			case 'translate':
				return __( 'Translation', 'iacp' );
			case 'rewrite':
			case 'change_tone':
				return __( 'Rewritten text', 'iacp' );
			case 'shorten':
				return __( 'Shorter text', 'iacp' );
			case 'expand':
				return __( 'Longer text', 'iacp' );
			case 'fix_grammar':
				return __( 'Corrected text', 'iacp' );
			default:
				return __( 'Text', 'iacp' );
		}
	}
	if ( job.type === 'image' ) {
		return input.count === 1 || input.count === undefined
			? __( 'Image', 'iacp' )
			: __( 'Images', 'iacp' );
	}
	if ( job.type === 'post_field' && typeof input.field === 'string' ) {
		return sprintf(
			/* translators: %s: a field's name, like excerpt. */
			__( 'New %s', 'iacp' ),
			postFieldLabel( input.field ).toLowerCase()
		);
	}
	return __( 'AI result', 'iacp' );
}

/** The snackbar's sentence for a job that just finished, on a post titled `postTitle` ('' when untitled). */
export function finishedSnackbar( job: Job, postTitle: string ): string {
	const title = postTitle.trim();
	if ( job.status === 'completed' ) {
		return title === ''
			? sprintf(
					/* translators: %s: what is ready, like "Summary". */
					__( '%s ready', 'iacp' ),
					resultNoun( job )
				)
			: sprintf(
					/* translators: 1: what is ready, like "Summary", 2: the post's title. */
					__( '%1$s ready for ‘%2$s’', 'iacp' ),
					resultNoun( job ),
					title
				);
	}
	return title === ''
		? sprintf(
				/* translators: %s: what was asked, like "Summary". */
				__( '%s did not finish', 'iacp' ),
				resultNoun( job )
			)
		: sprintf(
				/* translators: 1: what was asked, like "Summary", 2: the post's title. */
				__( '%1$s for ‘%2$s’ did not finish', 'iacp' ),
				resultNoun( job ),
				title
			);
}
